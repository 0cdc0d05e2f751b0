package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

// Populating adds one readable profile per role the config lacks, skips roles an existing
// profile already signs in to (whatever its name), and gives a clashing name the account ID;
// the appended profiles then resolve as SSO profiles of that session.
func TestPlanSSOProfiles(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config")
	config := `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start/
sso_region = eu-west-1

[profile mine]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin

[profile sandbox-readonly]
region = us-east-1
`
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := vault.LoadConfigFile(path)
	if err != nil {
		t.Fatal(err)
	}
	roles := []SSORole{
		{"111111111111", "Prod Account", "Admin"},
		{"111111111111", "Prod Account", "ReadOnly"},
		{"222222222222", "Sandbox", "ReadOnly"},
		{"333333333333", "Ünïcode & Co.", "Power User"},
		{"222222222222", "Sandbox", "ReadOnly"}, // listed twice across pages
	}
	src := SSOSource{Session: "corp", StartURL: "https://corp.awsapps.com/start", Region: "eu-west-1"}
	plan, err := PlanSSOProfiles(cfg, vault.EnvFrom(nil), src, roles)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range plan.Add {
		names = append(names, p.Name)
	}
	if want := []string{"prod-account-readonly", "sandbox-readonly-222222222222", "ünïcode-co.-power-user"}; !slices.Equal(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	if !slices.Equal(plan.Existing, []string{"mine"}) {
		t.Errorf("existing %q, want [mine]", plan.Existing)
	}
	preview := PreviewSSOPlan(plan)
	if !strings.Contains(preview, "[profile sandbox-readonly-222222222222]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nregion = eu-west-1\n") {
		t.Errorf("preview:\n%s", preview)
	}

	added, err := cfg.AppendProfiles(plan.Add)
	if err != nil || len(added) != 3 {
		t.Fatalf("append: %q, %v", added, err)
	}
	p, err := (&vault.Resolver{File: cfg}).Profile("sandbox-readonly-222222222222")
	if err != nil || !p.HasSSO() || p.SSOAccountID != "222222222222" || p.SSORoleName != "ReadOnly" || p.SSORegion != "eu-west-1" {
		t.Errorf("the appended profile resolves to %+v, %v", p, err)
	}
	again, err := PlanSSOProfiles(cfg, vault.EnvFrom(nil), src, roles)
	if err != nil || len(again.Add) != 0 || len(again.Existing) != 4 {
		t.Errorf("a second populate would add %d and keep %d (%v); want 0 and 4", len(again.Add), len(again.Existing), err)
	}
}
