package app

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/vaultbar/vaultbar/vault"
)

// SSORole is one role the user can reach through IAM Identity Center: what ListAccounts and
// ListAccountRoles return together.
type SSORole struct {
	AccountID, AccountName, RoleName string
}

// SSOSource is where populated profiles sign in: an [sso-session NAME] (Session set), or the
// legacy inline form (StartURL and Region), which older tools read too.
type SSOSource struct {
	Session  string
	StartURL string
	Region   string // the Identity Center region; also each new profile's region
}

// SSOPlan is what populating would append: one profile per role the config lacks. Existing
// names the roles that already have a profile (any profile of the same start URL, account and
// role, whatever its name), which are left as they are.
type SSOPlan struct {
	Add      []vault.NewProfile
	Existing []string
}

// PlanSSOProfiles works out the profiles to append for roles. Names are readable and stable:
// "<account name>-<role name>" in lower case with anything but letters, digits and - _ .
// turned into "-"; a name some other profile already uses gets the account ID appended.
func PlanSSOProfiles(cfg *vault.ConfigFile, env vault.Env, src SSOSource, roles []SSORole) (SSOPlan, error) {
	if len(roles) == 0 {
		return SSOPlan{}, nil
	}
	have, err := ssoProfilesByRole(cfg, env, src.StartURL)
	if err != nil {
		return SSOPlan{}, err
	}
	taken := map[string]bool{}
	for _, name := range cfg.ProfileNames() {
		taken[name] = true
	}
	sorted := slices.Clone(roles)
	slices.SortFunc(sorted, func(a, b SSORole) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.AccountName), strings.ToLower(b.AccountName)),
			cmp.Compare(a.AccountID, b.AccountID), cmp.Compare(a.RoleName, b.RoleName))
	})
	var plan SSOPlan
	for _, r := range slices.Compact(sorted) {
		if name, ok := have[r.AccountID+"/"+r.RoleName]; ok {
			plan.Existing = append(plan.Existing, name)
			continue
		}
		name := ssoProfileName(r, taken)
		taken[name] = true
		plan.Add = append(plan.Add, vault.NewProfile{Name: name, Settings: ssoSettings(src, r)})
	}
	return plan, nil
}

// ssoProfilesByRole maps "account/role" to the profile that already signs in to it through
// startURL.
func ssoProfilesByRole(cfg *vault.ConfigFile, env vault.Env, startURL string) (map[string]string, error) {
	resolver := &vault.Resolver{File: cfg, Env: env}
	have := map[string]string{}
	for _, name := range cfg.ProfileNames() {
		p, err := resolver.Profile(name)
		if err != nil {
			return nil, fmt.Errorf("read profile %s before adding: %w", name, err)
		}
		if p.HasSSO() && strings.TrimSuffix(p.SSOStartURL, "/") == strings.TrimSuffix(startURL, "/") {
			key := p.SSOAccountID + "/" + p.SSORoleName
			if _, dup := have[key]; !dup {
				have[key] = name
			}
		}
	}
	return have, nil
}

func ssoSettings(src SSOSource, r SSORole) [][2]string {
	var s [][2]string
	if src.Session != "" {
		s = append(s, [2]string{"sso_session", src.Session})
	} else {
		s = append(s, [2]string{"sso_start_url", src.StartURL}, [2]string{"sso_region", src.Region})
	}
	s = append(s, [2]string{"sso_account_id", r.AccountID}, [2]string{"sso_role_name", r.RoleName})
	if src.Region != "" {
		s = append(s, [2]string{"region", src.Region})
	}
	return s
}

// ssoProfileName is r's readable name, unique among taken.
func ssoProfileName(r SSORole, taken map[string]bool) string {
	base := ssoNamePart(cmp.Or(r.AccountName, r.AccountID)) + "-" + ssoNamePart(r.RoleName)
	if !taken[base] {
		return base
	}
	name := base + "-" + r.AccountID
	for i := 2; taken[name]; i++ {
		name = fmt.Sprintf("%s-%s-%d", base, r.AccountID, i)
	}
	return name
}

// ssoNamePart lower-cases s and turns runs of other characters than letters, digits and
// - _ . into one "-", so every name is a valid, shell-friendly section name.
func ssoNamePart(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_.", r) {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return cmp.Or(strings.TrimRight(b.String(), "-"), "x")
}

// PreviewSSOPlan is the plan as the user reviews it before anything is written: the sections
// to append, as they will read in the file.
func PreviewSSOPlan(p SSOPlan) string {
	var b strings.Builder
	for _, np := range p.Add {
		fmt.Fprintf(&b, "[profile %s]\n", np.Name)
		for _, kv := range np.Settings {
			fmt.Fprintf(&b, "%s = %s\n", kv[0], kv[1])
		}
		b.WriteString("\n")
	}
	if len(p.Existing) > 0 {
		fmt.Fprintf(&b, "already in the config: %s\n", strings.Join(p.Existing, ", "))
	}
	return b.String()
}
