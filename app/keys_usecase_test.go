package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

// Adding keys stores them, adds a [profile] section unless told not to, and deletes the
// sessions made from the old keys.
func TestAddCredentialsStoresKeysAndAddsConfig(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "# mine\n")
	n, err := w.app.AddCredentials("alice", aliceKeys(), AddOptions{})
	if err != nil || n != 0 {
		t.Fatalf("add = %d, %v", n, err)
	}
	if cfg := w.readConfig(); !strings.HasPrefix(cfg, "# mine\n") || !strings.Contains(cfg, "[profile alice]") {
		t.Errorf("config after add = %q, want the comment kept and a [profile alice] section", cfg)
	}
	_, _, err = w.app.Credentials(context.Background(), Request{Profile: "alice"})
	must(t, err)
	if len(w.sessions("alice")) != 1 {
		t.Fatal("no session to replace")
	}
	n, err = w.app.AddCredentials("alice", aliceKeys(), AddOptions{})
	if err != nil || n != 1 || len(w.sessions("alice")) != 0 {
		t.Errorf("re-add removed %d sessions (%v), %d left; want the old session gone", n, err, len(w.sessions("alice")))
	}
	if strings.Count(w.readConfig(), "[profile alice]") != 1 {
		t.Errorf("re-add duplicated the section: %q", w.readConfig())
	}
}

// A name that cannot be a section, or a profile whose keys would never be used, is refused
// before the keys are asked for, and nothing is stored.
func TestCheckNewProfileRefusals(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	for _, name := range []string{"", "a]b", "has space\n"} {
		if err := w.app.CheckNewProfile(name); err == nil {
			t.Errorf("CheckNewProfile(%q) accepted", name)
		}
	}
	err := w.app.CheckNewProfile("admin")
	if err == nil || !strings.Contains(err.Error(), "source_profile alice") || !strings.Contains(vault.Hint(err), "alice") {
		t.Errorf("CheckNewProfile(admin) = %v (hint %q)", err, vault.Hint(err))
	}
	if _, err := w.app.AddCredentials("admin", aliceKeys(), AddOptions{}); err == nil || w.hasKeys("admin") {
		t.Errorf("keys added to a source_profile profile: %v", err)
	}
	must(t, w.app.CheckNewProfile("alice"))
	must(t, w.app.CheckNewProfile("new"))
}

// Keys that cannot be AWS keys are refused, and the secret is never echoed.
func TestCheckKeys(t *testing.T) {
	t.Parallel()
	c, err := CheckKeys("  "+aliceKeyID+"\n", " "+aliceSecret+" ")
	if err != nil || c.AccessKeyID != aliceKeyID || c.SecretAccessKey != aliceSecret {
		t.Errorf("CheckKeys trims: %+v, %v", c, err)
	}
	if _, err := CheckKeys("nope", aliceSecret); err == nil || !strings.Contains(vault.Hint(err), "AKIA") {
		t.Errorf("bad key id: %v", err)
	}
	bad := "short-secret-value"
	if _, err := CheckKeys(aliceKeyID, bad); err == nil || strings.Contains(UserText(err), bad) {
		t.Errorf("bad secret: %v, want an error that does not echo it", err)
	}
}

// Removing keys takes their sessions with them; a profile without keys says so.
func TestRemoveCredentialsClearSessionsClearAll(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	ctx := context.Background()
	_, _, err := w.app.Credentials(ctx, Request{Profile: "alice"})
	must(t, err)
	_, _, err = w.app.Credentials(ctx, Request{Profile: "admin"})
	must(t, err)

	if n, err := w.app.ClearSessions("admin"); err != nil || n != 1 || len(w.sessions("admin")) != 0 {
		t.Errorf("ClearSessions(admin) = %d, %v", n, err)
	}
	if n, err := w.app.RemoveCredentials("alice"); err != nil || n != 1 || w.hasKeys("alice") || len(w.sessions("alice")) != 0 {
		t.Errorf("RemoveCredentials(alice) = %d, %v; keys left %v", n, err, w.hasKeys("alice"))
	}
	_, err = w.app.RemoveCredentials("alice")
	if !errors.Is(err, vault.ErrNoCredentials) || vault.Hint(err) == "" {
		t.Errorf("second remove = %v, want ErrNoCredentials with a hint", err)
	}

	w.addAlice()
	_, _, err = w.app.Credentials(ctx, Request{Profile: "admin"})
	must(t, err)
	n, err := w.app.ClearAll()
	if err != nil || n < 2 || len(w.sessions("alice"))+len(w.sessions("admin")) != 0 {
		t.Errorf("ClearAll = %d, %v; want alice's and admin's sessions gone", n, err)
	}
	if !w.hasKeys("alice") {
		t.Error("ClearAll removed the access keys")
	}
}
