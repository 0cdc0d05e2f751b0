package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// The menu lists config profiles in file order, then profiles that only have keys; each
// shows its keys, where it gets credentials, its session and whether it needs MFA.
func TestSnapshotShowsProfilesKeysAndSessions(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig+`
[profile sso]
sso_start_url = https://example.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 333333333333
sso_role_name = dev

[profile proc]
credential_process = /bin/false
`)
	w.addAlice()
	_, err := w.app.AddCredentials("keys-only", aliceKeys(), AddOptions{NoConfig: true})
	must(t, err)
	w.installBrowser("chromium")
	must(t, w.app.SaveSettings(Settings{Browser: "chromium", Isolation: "profile-directory"}))
	if _, _, err := w.app.Credentials(context.Background(), Request{Profile: "alice"}); err != nil {
		t.Fatal(err)
	}

	snap, err := w.app.Snapshot(context.Background(), []string{"admin"})
	must(t, err)
	var names []string
	byName := map[string]tray.Profile{}
	for _, p := range snap.Profiles {
		names = append(names, p.Name)
		byName[p.Name] = p
	}
	if want := []string{"alice", "admin", "sso", "proc", "keys-only"}; !slices.Equal(names, want) {
		t.Fatalf("profiles %v, want %v", names, want)
	}
	alice := byName["alice"]
	if !alice.HasKeys || !alice.NeedsMFA || alice.Region != "eu-west-1" || alice.Via != "" {
		t.Errorf("alice = %+v, want keys, MFA, eu-west-1", alice)
	}
	if !alice.SessionUntil.After(time.Now()) {
		t.Errorf("alice's session until %v, want one in the future after Credentials", alice.SessionUntil)
	}
	if a := byName["admin"]; a.HasKeys || a.Via != "alice" || a.Account != "222222222222" || a.Role != "admin" || !a.SessionUntil.IsZero() {
		t.Errorf("admin = %+v, want no keys, via alice, no session", a)
	}
	if s := byName["sso"]; s.Via != "SSO" || s.Account != "333333333333" || s.Role != "dev" {
		t.Errorf("sso = %+v, want via SSO grouped by account", s)
	}
	if p := byName["proc"]; p.Via != "credential_process" {
		t.Errorf("proc = %+v, want via credential_process", p)
	}
	if k := byName["keys-only"]; !k.HasKeys {
		t.Errorf("keys-only = %+v, want keys", k)
	}
	if snap.Problem != "" {
		t.Errorf("problem %q with a valid config", snap.Problem)
	}
	if snap.Browser != "chromium" || snap.Isolation != "profile-directory" || !slices.Equal(snap.Recent, []string{"admin"}) {
		t.Errorf("snapshot browser %q isolation %q recent %v", snap.Browser, snap.Isolation, snap.Recent)
	}
	var ids []string
	for _, b := range snap.Browsers {
		ids = append(ids, b.ID)
		if b.ID == "chromium" && (len(b.Isolations) == 0 || b.Isolations[0] != "profile-directory") {
			t.Errorf("chromium isolations %v, default first", b.Isolations)
		}
	}
	if !slices.Contains(ids, "chromium") {
		t.Errorf("browsers %v, want the chromium on PATH", ids)
	}
}

// A profile the resolver refuses is still listed, and the menu's problem line says why.
func TestSnapshotReportsABrokenProfile(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig+`
[profile broken]
source_profile = nowhere
role_arn = arn:aws:iam::222222222222:role/x
`)
	snap, err := w.app.Snapshot(context.Background(), nil)
	must(t, err)
	if len(snap.Profiles) != 3 || snap.Profiles[2].Name != "broken" {
		t.Errorf("profiles %+v, want broken listed last", snap.Profiles)
	}
	if !strings.Contains(snap.Problem, "nowhere") {
		t.Errorf("problem %q, want it to name the missing source profile", snap.Problem)
	}
}

// A settings file with a typo or a config file that cannot be read fails the load, with a
// hint, rather than showing a menu without them.
func TestSnapshotFailsOnBadSettingsOrConfig(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	must(t, os.MkdirAll(filepath.Dir(w.app.SettingsPath()), 0o700))
	must(t, os.WriteFile(w.app.SettingsPath(), []byte(`{"browzer": "firefox"}`), 0o600))
	if _, err := w.app.Snapshot(context.Background(), nil); err == nil || !strings.Contains(UserText(err), "browzer") || vault.Hint(err) == "" {
		t.Errorf("Snapshot with a typo in the settings: %v, want an error naming the key, with a hint", err)
	}
	must(t, os.Remove(w.app.SettingsPath()))
	must(t, os.Remove(w.env["AWS_CONFIG_FILE"]))
	must(t, os.Mkdir(w.env["AWS_CONFIG_FILE"], 0o700)) // a directory cannot be read as a file
	if _, err := w.app.Snapshot(context.Background(), nil); err == nil {
		t.Error("Snapshot with an unreadable config file succeeded")
	}
	if _, err := w.app.Listing(); err == nil {
		t.Error("Listing with an unreadable config file succeeded")
	}
}

// `vaultbar list` shows each profile's state in words and aws-vault's session labels.
func TestListingStatus(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	l, err := w.app.Listing()
	must(t, err)
	if got := l.Status("alice"); got != "keys stored" {
		t.Errorf("alice before a session: %q", got)
	}
	if got := l.Status("admin"); got != "no active session" {
		t.Errorf("admin: %q", got)
	}
	_, _, err = w.app.Credentials(context.Background(), Request{Profile: "admin"})
	must(t, err)
	l, err = w.app.Listing()
	must(t, err)
	if !slices.Equal(l.Names(), []string{"alice", "admin"}) || !slices.Equal(l.Credentials, []string{"alice"}) {
		t.Errorf("names %v credentials %v", l.Names(), l.Credentials)
	}
	sessions := l.SessionsOf("admin")
	if len(sessions) != 1 {
		t.Fatalf("admin sessions %+v, want one after Credentials", sessions)
	}
	until := l.SessionUntil("admin")
	if want := "session valid until " + until.Local().Format("15:04"); l.Status("admin") != want {
		t.Errorf("admin status %q, want %q", l.Status("admin"), want)
	}
	label := l.SessionLabel(sessions[0])
	if !strings.HasPrefix(label, sessions[0].Type+":") || strings.HasPrefix(strings.TrimPrefix(label, sessions[0].Type+":"), "-") {
		t.Errorf("session label %q, want %s:<time left>", label, sessions[0].Type)
	}
	expired := &Listing{Now: until.Add(time.Hour), HasKeys: map[string]bool{}, byProfile: map[string][]vault.SessionKey{"admin": sessions}}
	if got := expired.Status("admin"); got != "no active session" {
		t.Errorf("status after the session expired: %q", got)
	}
	if got := expired.SessionLabel(sessions[0]); !strings.Contains(got, ":-") {
		t.Errorf("expired session label %q, want a negative time left", got)
	}
}

// A name that is neither in the config nor in the keyring is not found, and the hint says
// how to list or add one; a profile with only keys resolves.
func TestProfileNotFoundAndKeysOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	_, err := w.app.Profile("ghost", vault.Overrides{})
	if !errors.Is(err, vault.ErrProfileNotFound) || !strings.Contains(err.Error(), "ghost") ||
		!strings.Contains(vault.Hint(err), "vaultbar add ghost") {
		t.Errorf("Profile(ghost) = %v (hint %q), want not found with an add hint", err, vault.Hint(err))
	}
	_, err = w.app.AddCredentials("keys-only", aliceKeys(), AddOptions{NoConfig: true})
	must(t, err)
	p, err := w.app.Profile("keys-only", vault.Overrides{Region: "ap-south-1"})
	if err != nil || p.Name != "keys-only" || p.Region != "ap-south-1" {
		t.Errorf("Profile(keys-only) = %+v, %v; want it with the region override", p, err)
	}
	if strings.Contains(w.readConfig(), "keys-only") {
		t.Error("NoConfig added a config section")
	}
	if _, _, err := w.app.Credentials(context.Background(), Request{Profile: "ghost"}); !errors.Is(err, vault.ErrProfileNotFound) {
		t.Errorf("Credentials(ghost) = %v", err)
	}
}
