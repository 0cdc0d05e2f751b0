package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

const (
	carolKeyID  = "AKIACAROL00000000001"
	carolSecret = "carolsecretfakesecret000000000000000000a"
)

// A name that cannot take keys (a role profile) is refused before anything else: AWS is not
// asked, and the form comes back with the reason and everything typed.
func TestAddFormRefusesTheNameFirst(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	typed := KeysForm{Profile: "admin", KeyID: carolKeyID, Secret: carolSecret, Region: "eu-west-2"}
	w.rec.forms = []KeysForm{typed}
	err := w.app.AskAndAddCredentials(context.Background())
	if !w.app.fx.IsCancel(err) {
		t.Fatalf("add = %v, want the cancel of the second form", err)
	}
	if len(w.rec.asked) != 2 || !strings.Contains(w.rec.asked[1].problem, "source_profile alice") || w.rec.asked[1].last != typed {
		t.Errorf("the form was shown %+v; want it again saying admin uses source_profile alice, with all typed kept", w.rec.asked)
	}
	if calls := w.fake.STS.Calls(); len(calls) != 0 || w.hasKeys("admin") {
		t.Errorf("STS got %d calls, admin has keys %v; want neither", len(calls), w.hasKeys("admin"))
	}
}

// Keys AWS rejects are not stored; the form comes back saying so, keeping what was typed but
// the secret. Keys fixed in the second form are stored, with the region and MFA device in the
// new profile's section, and the notification names the account and the user.
func TestAddFormTriesKeysBeforeStoringThem(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "")
	w.fake.STS.AddUser(carolKeyID, carolSecret, "carol")
	const mfa = "arn:aws:iam::111111111111:mfa/carol"
	wrong := KeysForm{Profile: "carol", KeyID: carolKeyID, Secret: strings.Replace(carolSecret, "a", "b", 1), Region: "eu-west-2", MFASerial: mfa}
	fixed := wrong
	fixed.Secret = carolSecret
	w.rec.forms = []KeysForm{wrong, fixed}
	must(t, w.app.AskAndAddCredentials(context.Background()))

	kept := wrong
	kept.Secret = ""
	if len(w.rec.asked) != 2 || !strings.Contains(w.rec.asked[1].problem, "AWS did not accept these keys") || w.rec.asked[1].last != kept {
		t.Errorf("the form was shown %+v; want it again saying AWS refused, with all but the secret kept", w.rec.asked)
	}
	if n := len(w.fake.STS.CallsFor("GetCallerIdentity")); n != 2 {
		t.Errorf("%d GetCallerIdentity calls, want one per form", n)
	}
	store, err := w.app.Store()
	must(t, err)
	got, err := store.Credentials("carol")
	if err != nil || got.SecretAccessKey != carolSecret {
		t.Errorf("carol's stored keys: %v, secret right %v", err, got.SecretAccessKey == carolSecret)
	}
	if cfg := w.readConfig(); !strings.Contains(cfg, "[profile carol]\nregion = eu-west-2\nmfa_serial = "+mfa+"\n") {
		t.Errorf("config = %q, want carol's section with region and mfa_serial", cfg)
	}
	_, notes, _, _ := w.rec.snapshot()
	if len(notes) != 1 || notes[0].title != "Added keys for carol" || !strings.Contains(notes[0].body, "Account 111111111111, arn:aws:iam::111111111111:user/carol") {
		t.Errorf("notifications %+v, want one naming carol's account and user", notes)
	}
}

// Keys rejected once and then cancelled leave the keyring as it was.
func TestAddFormRejectedKeysAreNotStored(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "")
	w.rec.forms = []KeysForm{{Profile: "dave", KeyID: "AKIAUNKNOWN000000001", Secret: carolSecret}}
	if err := w.app.AskAndAddCredentials(context.Background()); !errors.Is(err, context.Canceled) {
		t.Errorf("add = %v, want the cancel of the second form", err)
	}
	if w.hasKeys("dave") || w.readConfig() != "" {
		t.Errorf("rejected keys stored (%v) or config written (%q)", w.hasKeys("dave"), w.readConfig())
	}
}

// A profile that has keys is only replaced after "Replace keys"; Cancel keeps the old keys
// and their sessions and ends the add without a failure.
func TestAddFormWarnsBeforeReplacingKeys(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	w.fake.STS.AddUser(carolKeyID, carolSecret, "carol")
	ctx := context.Background()
	_, _, err := w.app.Credentials(ctx, Request{Profile: "alice"})
	must(t, err)
	form := KeysForm{Profile: "alice", KeyID: carolKeyID, Secret: carolSecret}

	w.rec.forms, w.rec.answer = []KeysForm{form}, false
	must(t, w.app.AskAndAddCredentials(ctx))
	store, err := w.app.Store()
	must(t, err)
	if got, _ := store.Credentials("alice"); got.AccessKeyID != aliceKeyID || len(w.sessions("alice")) != 1 {
		t.Errorf("after Cancel alice has key %s and %d sessions; want hers and her session", got.AccessKeyID, len(w.sessions("alice")))
	}
	if len(w.rec.verbs) != 1 || w.rec.verbs[0] != "Replace keys" || !strings.Contains(w.rec.questions[0], "already has keys (****************0001)") {
		t.Errorf("asked %q with %q; want a warning naming the old key, answered by Replace keys", w.rec.questions, w.rec.verbs)
	}

	w.rec.forms, w.rec.answer = []KeysForm{form}, true
	must(t, w.app.AskAndAddCredentials(ctx))
	if got, _ := store.Credentials("alice"); got.AccessKeyID != carolKeyID || len(w.sessions("alice")) != 0 {
		t.Errorf("after Replace keys alice has key %s and %d sessions; want the new key and none", got.AccessKeyID, len(w.sessions("alice")))
	}
}

// Optional fields that cannot be what they name, and malformed keys, come back as a problem
// before AWS is asked.
func TestAddFormChecksFieldsBeforeAWS(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "")
	w.rec.forms = []KeysForm{
		{Profile: "erin", KeyID: carolKeyID, Secret: carolSecret, Region: "Ireland"},
		{Profile: "erin", KeyID: carolKeyID, Secret: carolSecret, MFASerial: "my phone"},
		{Profile: "erin", KeyID: "nope", Secret: carolSecret},
	}
	if err := w.app.AskAndAddCredentials(context.Background()); !errors.Is(err, context.Canceled) {
		t.Fatalf("add = %v", err)
	}
	want := []string{"region \"Ireland\"", "mfa device \"my phone\"", "does not look like an aws access key id"}
	for i, w2 := range want {
		if !strings.Contains(w.rec.asked[i+1].problem, w2) {
			t.Errorf("form %d says %q, want %q", i+2, w.rec.asked[i+1].problem, w2)
		}
	}
	if n := len(w.fake.STS.Calls()); n != 0 {
		t.Errorf("STS got %d calls, want none", n)
	}
}

// A profile that signs in through IAM Identity Center or runs credential_process takes no
// keys: the name is refused, before AWS is asked.
func TestCheckNewProfileRefusesSSOAndProcess(t *testing.T) {
	t.Parallel()
	w := newWorld(t, `[profile sso]
sso_start_url = https://example.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111111111111
sso_role_name = Dev

[profile proc]
credential_process = /bin/true
`)
	for name, want := range map[string]string{"sso": "IAM Identity Center", "proc": "credential_process"} {
		if err := w.app.CheckNewProfile(name); err == nil || !strings.Contains(err.Error(), want) || vault.Hint(err) == "" {
			t.Errorf("CheckNewProfile(%s) = %v, want it refused naming %s, with a hint", name, err, want)
		}
	}
}
