package app

import (
	"context"
	"fmt"

	"github.com/vaultbar/vaultbar/vault"
)

// PopulateRequest says which IAM Identity Center sign-in to list the roles of: an
// [sso-session NAME], or (legacy form) the sign-in of an existing SSO profile; neither: the
// config's only [sso-session].
type PopulateRequest struct {
	Session string
	Profile string
}

// SSOSession is the sign-in r names.
func (a *App) SSOSession(r PopulateRequest) (vault.SSOSession, error) {
	cfg, err := a.Config()
	if err != nil {
		return vault.SSOSession{}, err
	}
	switch {
	case r.Profile != "":
		return cfg.SSOSessionOfProfile(a.env, r.Profile)
	case r.Session != "":
		return cfg.SSOSessionNamed(r.Session)
	}
	names := cfg.SSOSessionNames()
	if len(names) != 1 {
		return vault.SSOSession{}, vault.WithHint(fmt.Errorf("%d [sso-session] sections in %s: say which to add profiles from", len(names), cfg.Path()),
			"name one with --sso-session NAME, or add one with `aws configure sso-session`")
	}
	return cfg.SSOSessionNamed(names[0])
}

// PlanPopulate signs in to s when needed, lists every account and role the user can reach
// (all pages), and returns the profiles the config lacks. Nothing is written.
func (a *App) PlanPopulate(ctx context.Context, s vault.SSOSession) (SSOPlan, error) {
	v, err := a.Vault()
	if err != nil {
		return SSOPlan{}, err
	}
	accounts, err := v.SSOAccounts(ctx, s)
	if err != nil {
		return SSOPlan{}, err
	}
	var roles []SSORole
	for _, acct := range accounts {
		names, err := v.SSOAccountRoles(ctx, s, acct.ID)
		if err != nil {
			return SSOPlan{}, err
		}
		for _, role := range names {
			roles = append(roles, SSORole{AccountID: acct.ID, AccountName: acct.Name, RoleName: role})
		}
	}
	cfg, err := a.Config()
	if err != nil {
		return SSOPlan{}, err
	}
	return PlanSSOProfiles(cfg, a.env, SSOSource{Session: s.Name, StartURL: s.StartURL, Region: s.Region}, roles)
}

// ApplyPopulate appends the plan's profiles to the config (append-only: existing profiles and
// everything else in the file stay as they are) and returns the names added.
func (a *App) ApplyPopulate(p SSOPlan) ([]string, error) {
	cfg, err := a.Config()
	if err != nil {
		return nil, err
	}
	added, err := cfg.AppendProfiles(p.Add)
	if err != nil {
		return nil, fmt.Errorf("add iam identity center profiles to %s: %w", cfg.Path(), err)
	}
	return added, nil
}
