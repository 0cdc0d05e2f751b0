package vault

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// AppendProfiles adds exactly the missing profiles with their settings, after everything the
// file had, and reports which it added; profiles already there keep their settings.
func TestAppendProfiles_adds_only_missing_profiles(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config")
	existing := "[profile dev]\nsso_account_id = 111111111111 ; mine\n"
	if err := os.WriteFile(path, []byte(existing), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfigFile(path)
	if err != nil {
		t.Fatal(err)
	}
	added, err := cfg.AppendProfiles([]NewProfile{
		{Name: "dev", Settings: [][2]string{{"sso_account_id", "999999999999"}}},
		{Name: "prod-admin", Settings: [][2]string{{"sso_session", "corp"}, {"sso_account_id", "222222222222"}, {"sso_role_name", "Admin"}}},
		{Name: "prod-admin", Settings: [][2]string{{"sso_role_name", "Twice"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(added, []string{"prod-admin"}) {
		t.Errorf("added %q, want [prod-admin]", added)
	}
	got, _ := os.ReadFile(path)
	want := existing + "\n[profile prod-admin]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = Admin\n"
	if string(got) != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	if !cfg.HasProfile("prod-admin") {
		t.Error("the config does not see the profile it appended")
	}
	if again, err := cfg.AppendProfiles([]NewProfile{{Name: "prod-admin"}}); err != nil || len(again) != 0 {
		t.Errorf("appending it again: %q, %v; want nothing added", again, err)
	}
}

// A value the file would read differently refuses the whole batch: nothing is written.
func TestAppendProfiles_refuses_values_that_do_not_read_back(t *testing.T) {
	t.Parallel()
	for _, value := range []string{"a\nregion = us-east-1", "role #1", " padded", "x\\"} {
		path := filepath.Join(t.TempDir(), "config")
		existing := "[profile dev]\n"
		if err := os.WriteFile(path, []byte(existing), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfigFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = cfg.AppendProfiles([]NewProfile{
			{Name: "ok", Settings: [][2]string{{"region", "eu-west-1"}}},
			{Name: "bad", Settings: [][2]string{{"sso_role_name", value}}},
		})
		if err == nil {
			t.Errorf("value %q: appended", value)
		}
		if got, _ := os.ReadFile(path); string(got) != existing {
			t.Errorf("value %q: the file changed to\n%s", value, got)
		}
	}
}
