package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/vault"
)

// Credentials of an MFA user come from a session STS issued after one prompt; the session is
// cached, so a second call asks nothing and calls STS no more.
func TestCredentialsPromptOnceAndCacheTheSession(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	ctx := context.Background()
	creds, p, err := w.app.Credentials(ctx, Request{Profile: "admin"})
	must(t, err)
	if p.Name != "admin" || !strings.Contains(creds.SessionToken, fakeaws.TokenMarker) || creds.AccessKeyID == aliceKeyID {
		t.Errorf("admin credentials %q (profile %s), want an STS session", creds.AccessKeyID, p.Name)
	}
	again, _, err := w.app.Credentials(ctx, Request{Profile: "admin"})
	must(t, err)
	if again.AccessKeyID != creds.AccessKeyID {
		t.Errorf("second call got new credentials, want the cached session")
	}
	if prompts := w.rec.mfaPrompts(); len(prompts) != 1 || prompts[0].Serial != aliceMFA {
		t.Errorf("MFA prompts %+v, want one for %s", prompts, aliceMFA)
	}
	if n := len(w.fake.STS.CallsFor("AssumeRole")); n != 1 {
		t.Errorf("AssumeRole called %d times, want 1", n)
	}
	if len(w.sessions("admin")) != 1 {
		t.Errorf("admin's session not in the keyring: %+v", w.sessions("admin"))
	}
}

// Without a way to ask for an MFA code, the error says how to pass one.
func TestCredentialsWithoutMFAPrompt(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	a := New(Options{Env: w.env}) // no effects: the default PromptMFA refuses
	_, _, err := a.Credentials(context.Background(), Request{Profile: "alice"})
	if err == nil || !strings.Contains(err.Error(), "mfa") || !strings.Contains(vault.Hint(err), "--mfa-token") {
		t.Errorf("Credentials without a prompt = %v (hint %q)", err, vault.Hint(err))
	}
}

// EnvText and CopyEnv give the profile's credentials in the chosen format; --no-session gives
// the stored keys themselves; an unknown format is refused with the list of formats.
func TestEnvTextAndCopyEnv(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	ctx := context.Background()
	out, err := w.app.EnvText(ctx, Request{Profile: "alice", NoSession: true}, "env")
	must(t, err)
	if !strings.Contains(out, "AWS_ACCESS_KEY_ID="+aliceKeyID+"\n") || !strings.Contains(out, "AWS_SECRET_ACCESS_KEY="+aliceSecret+"\n") {
		t.Errorf("env --no-session = %q", out)
	}
	if len(w.fake.STS.Calls()) != 0 {
		t.Errorf("--no-session called STS: %+v", w.fake.STS.Calls())
	}
	must(t, w.app.CopyEnv(ctx, Request{Profile: "admin"}, "export"))
	copied := w.rec.lastCopy()
	if !strings.Contains(envValue(copied, "AWS_SESSION_TOKEN"), fakeaws.TokenMarker) || envValue(copied, "AWS_REGION") != "eu-west-1" {
		t.Errorf("copied %q, want export lines with the session token and region", copied)
	}
	_, err = w.app.EnvText(ctx, Request{Profile: "alice", NoSession: true}, "yaml")
	if err == nil || !strings.Contains(vault.Hint(err), "export") {
		t.Errorf("format yaml: %v (hint %q)", err, vault.Hint(err))
	}
	if err := New(Options{Env: w.env}).CopyEnv(ctx, Request{Profile: "alice"}, "export"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("CopyEnv without a clipboard = %v, want ErrUnavailable", err)
	}
	if err := w.app.CopyEnv(ctx, Request{Profile: "ghost"}, "export"); !errors.Is(err, vault.ErrProfileNotFound) {
		t.Errorf("CopyEnv(ghost) = %v", err)
	}
}

// A wrong key is refused by STS and nothing is copied.
func TestCopyEnvWithRejectedKeysCopiesNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	_, err := w.app.AddCredentials("alice", vaultCreds("AKIAWRONG00000000001", aliceSecret), AddOptions{})
	must(t, err)
	if err := w.app.CopyEnv(context.Background(), Request{Profile: "alice"}, "export"); err == nil {
		t.Fatal("CopyEnv with keys STS does not know succeeded")
	}
	if got := w.rec.lastCopy(); got != "" {
		t.Errorf("copied %q after a failure", got)
	}
}
