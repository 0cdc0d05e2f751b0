package app

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/tray"
)

// newRotateWorld is alice with stored keys, the fake IAM reachable, and a policy that lets
// her manage her keys only with MFA, as many accounts have.
func newRotateWorld(t *testing.T) *world {
	t.Helper()
	w := newWorld(t, aliceConfig)
	w.env["AWS_ENDPOINT_URL_IAM"] = w.fake.IAMURL
	w.app = New(Options{Env: w.env, Effects: w.rec.effects()})
	w.fake.IAM.RequireMFA("alice")
	w.addAlice()
	return w
}

func (w *world) storedKeyID(profile string) string {
	w.t.Helper()
	store, err := w.app.Store()
	must(w.t, err)
	c, err := store.Credentials(profile)
	must(w.t, err)
	return c.AccessKeyID
}

// "Rotate keys…" names the IAM user and the key before anything changes; no changes nothing.
func TestMenuRotateKeysAsksFirst(t *testing.T) {
	t.Parallel()
	w := newRotateWorld(t)
	ctx := context.Background()
	d := w.app.MenuDeps(MenuOptions{})

	must(t, d.RotateKeys(ctx, tray.Action{Kind: tray.RotateKeys, Profile: "admin"}))
	_, notes, _, questions := w.rec.snapshot()
	if len(questions) != 1 || !strings.Contains(questions[0], "access key "+aliceKeyID+" of IAM user alice") {
		t.Fatalf("questions %q, want one naming the user and the key", questions)
	}
	if w.storedKeyID("alice") != aliceKeyID || len(w.fake.CallsFor("CreateAccessKey")) != 0 || len(notes) != 0 {
		t.Fatal("a no rotated the key")
	}
	if len(w.rec.mfaPrompts()) != 0 {
		t.Fatal("asking the question prompted for an mfa code")
	}

	w.rec.mu.Lock()
	w.rec.answer = true
	w.rec.mu.Unlock()
	must(t, d.RotateKeys(ctx, tray.Action{Kind: tray.RotateKeys, Profile: "admin"}))
	keys := w.fake.IAM.Keys("alice")
	if len(keys) != 1 || keys[0].ID == aliceKeyID || w.storedKeyID("alice") != keys[0].ID {
		t.Fatalf("iam has %v, stored %s", keys, w.storedKeyID("alice"))
	}
	if len(w.rec.mfaPrompts()) != 1 {
		t.Fatalf("%d mfa prompts, want the one the MFA session needs", len(w.rec.mfaPrompts()))
	}
	_, notes, _, _ = w.rec.snapshot()
	if len(notes) != 1 || !strings.Contains(notes[0].body, keys[0].ID) || strings.Contains(notes[0].body, fakeaws.SecretMarker) {
		t.Fatalf("notes %+v", notes)
	}
}

// A failure between create and delete is the menu's error, and the keyring keeps a working key.
func TestMenuRotateKeysFailureKeepsAWorkingKey(t *testing.T) {
	t.Parallel()
	w := newRotateWorld(t)
	w.rec.answer = true
	w.fake.Fail("DeleteAccessKey", "AccessDenied", "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: iam:DeleteAccessKey", http.StatusForbidden)
	err := w.app.MenuDeps(MenuOptions{}).RotateKeys(context.Background(), tray.Action{Kind: tray.RotateKeys, Profile: "alice"})
	if err == nil || !strings.Contains(UserText(err), "aws iam delete-access-key --user-name alice --access-key-id "+aliceKeyID) {
		t.Fatalf("err = %v", err)
	}
	if stored := w.storedKeyID("alice"); stored == aliceKeyID || len(w.fake.IAM.Keys("alice")) != 2 {
		t.Fatalf("stored %s, iam %v; want the new key stored, both in iam", stored, w.fake.IAM.Keys("alice"))
	}
	if _, _, err := w.app.Credentials(context.Background(), Request{Profile: "alice"}); err != nil { // GetSessionToken signed with it
		t.Fatalf("the stored key: %v", err)
	}
	if _, notes, _, _ := w.rec.snapshot(); len(notes) != 0 {
		t.Fatalf("a failed rotation said it succeeded: %+v", notes)
	}
}

// The menu's key age is IAM's CreateDate, read with the key alone even where listing keys
// needs MFA (then unknown, and nobody is asked for a code); the same answer names the
// account of the key's user, also when the user may not read itself.
func TestMenuKeyAge(t *testing.T) {
	t.Parallel()
	w := newRotateWorld(t)
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	w.fake.IAM.SetKeyCreated(aliceKeyID, created)
	d := w.app.MenuDeps(MenuOptions{})
	got, err := d.KeyAge(context.Background(), tray.Action{Profile: "admin"})
	if err != nil || !got.Created.IsZero() || got.Account != fakeaws.Account {
		t.Fatalf("age under an MFA policy = %+v, %v; want unknown, account %s", got, err, fakeaws.Account)
	}
	w.fake.STS.AddUser("AKIABOB0000000000001", "bobsecretfakesecret00000000000000000000a", "bob")
	w.fake.IAM.SetKeyCreated("AKIABOB0000000000001", created)
	_, err = w.app.AddCredentials("bob", vaultCreds("AKIABOB0000000000001", "bobsecretfakesecret00000000000000000000a"), AddOptions{NoConfig: true})
	must(t, err)
	if got, err := d.KeyAge(context.Background(), tray.Action{Profile: "bob"}); err != nil || !got.Created.Equal(created) || got.Account != fakeaws.Account {
		t.Fatalf("bob's key = %+v, %v; want created %v, account %s", got, err, created, fakeaws.Account)
	}
	w.fake.FailNext("GetUser", "AccessDenied", "User: arn:aws:iam::210987654321:user/bob is not authorized to perform: iam:GetUser on resource: user bob", http.StatusForbidden)
	if got, err := d.KeyAge(context.Background(), tray.Action{Profile: "bob"}); err != nil || got.Account != "210987654321" {
		t.Fatalf("bob's key with GetUser denied = %+v, %v; want the account the refusal names", got, err)
	}
	w.fake.Fail("GetUser", "AccessDenied", "no", http.StatusForbidden)
	if _, err := d.KeyAge(context.Background(), tray.Action{Profile: "bob"}); err == nil || errors.Is(err, context.Canceled) {
		t.Fatalf("a failing IAM: %v", err)
	}
	if len(w.rec.mfaPrompts()) != 0 {
		t.Fatal("a key age prompted for an mfa code")
	}
}
