package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

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

// populateChoices are the sign-ins the config knows: each [sso-session], then each start URL
// that legacy profiles (sso_start_url without sso_session) use, once.
func (a *App) populateChoices() ([]PopulateRequest, []string, error) {
	cfg, err := a.Config()
	if err != nil {
		return nil, nil, err
	}
	var reqs []PopulateRequest
	var labels []string
	for _, name := range cfg.SSOSessionNames() {
		s, err := cfg.SSOSessionNamed(name)
		if err != nil {
			continue // a half-written section: the CLI names it with its error
		}
		reqs = append(reqs, PopulateRequest{Session: name})
		labels = append(labels, name+" ("+s.StartURL+")")
	}
	seen := map[string]bool{}
	resolver := &vault.Resolver{File: cfg, Env: a.env}
	for _, name := range cfg.ProfileNames() {
		p, err := resolver.Profile(name)
		if err != nil || !p.HasSSO() || p.SSOSession != "" || p.SSORegion == "" || seen[p.SSOStartURL] {
			continue
		}
		seen[p.SSOStartURL] = true
		reqs = append(reqs, PopulateRequest{Profile: name})
		labels = append(labels, p.SSOStartURL+" (as profile "+name+")")
	}
	return reqs, labels, nil
}

// previewLimit is how many new profiles the confirmation lists by name.
const previewLimit = 15

// AskAndPopulate is the menu's "Add profiles from IAM Identity Center…": pick the sign-in
// (when there are several), sign in if needed, list the roles, confirm the profiles to add by
// name, append them, and say how many were added.
func (a *App) AskAndPopulate(ctx context.Context) error {
	reqs, labels, err := a.populateChoices()
	if err != nil {
		return err
	}
	var req PopulateRequest
	switch len(reqs) {
	case 0:
		return vault.WithHint(errors.New("the config has no iam identity center sign-in"),
			"add an [sso-session] with `aws configure sso-session`, then try again")
	case 1:
		req = reqs[0]
	default:
		if a.fx.Choose == nil {
			return ErrUnavailable
		}
		i, err := a.fx.Choose(ctx, "Add profiles from which IAM Identity Center sign-in?", labels)
		if err != nil {
			return err
		}
		req = reqs[i]
	}
	s, err := a.SSOSession(req)
	if err != nil {
		return err
	}
	plan, err := a.PlanPopulate(ctx, s)
	if err != nil {
		return err
	}
	if len(plan.Add) == 0 {
		a.fx.Notify("No profiles to add", fmt.Sprintf("Every role of %s has a profile already.", s.StartURL))
		return nil
	}
	if ok, err := a.confirmPopulate(ctx, plan); err != nil || !ok {
		return err
	}
	added, err := a.ApplyPopulate(plan)
	if err != nil {
		return err
	}
	a.fx.Notify(fmt.Sprintf("Added %d profiles", len(added)), "From "+s.StartURL+" to "+a.ConfigPath()+".")
	return nil
}

func (a *App) confirmPopulate(ctx context.Context, plan SSOPlan) (bool, error) {
	if a.fx.Confirm == nil {
		return false, ErrUnavailable
	}
	var names []string
	for i, p := range plan.Add {
		if i == previewLimit {
			names = append(names, fmt.Sprintf("and %d more", len(plan.Add)-previewLimit))
			break
		}
		names = append(names, p.Name)
	}
	q := fmt.Sprintf("Add %d profiles to %s?\n\n%s", len(plan.Add), a.ConfigPath(), strings.Join(names, "\n"))
	return a.confirmVerb(ctx, fmt.Sprintf("Add %d profiles", len(plan.Add)), q)
}
