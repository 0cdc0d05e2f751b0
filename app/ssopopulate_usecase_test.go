package app

import (
	"context"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

const populateConfig = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[sso-session lab]
sso_start_url = https://lab.awsapps.com/start
sso_region = us-east-1
`

// The menu's "Add profiles from IAM Identity Center…": with two sign-ins it asks which, signs
// in, asks before writing (listing the names), and says how many it added; a "no" writes
// nothing.
func TestAskAndPopulate(t *testing.T) {
	t.Parallel()
	w := newWorld(t, populateConfig)
	w.env["AWS_ENDPOINT_URL_SSO_OIDC"] = w.fake.SSOURL
	w.env["AWS_ENDPOINT_URL_SSO"] = w.fake.SSOURL
	w.fake.SSO.AddAccount("777777777777", "Lab", "", "Admin", "ReadOnly")
	fx := w.rec.effects()
	fx.SSOSignIn = func(_ context.Context, s vault.SSOSignIn) error { return w.fake.SSO.Approve(s.UserCode) }
	a := New(Options{Env: w.env, Effects: fx, NoBrowser: true})

	w.rec.choose = 1 // lab
	w.rec.answer = false
	must(t, a.AskAndPopulate(context.Background()))
	if got := w.readConfig(); got != populateConfig {
		t.Fatalf("a no changed the config:\n%s", got)
	}
	_, _, _, questions := w.rec.snapshot()
	if len(questions) != 1 || !strings.Contains(questions[0], "Add 2 profiles") || !strings.Contains(questions[0], "lab-readonly") {
		t.Errorf("confirmation %q, want the two names", questions)
	}

	w.rec.answer = true
	must(t, a.AskAndPopulate(context.Background()))
	got := w.readConfig()
	if !strings.HasPrefix(got, populateConfig) || !strings.Contains(got, "[profile lab-admin]\nsso_session = lab\n") || strings.Count(got, "[profile ") != 2 {
		t.Errorf("config after populate:\n%s", got)
	}
	_, notes, _, _ := w.rec.snapshot()
	if n := notes[len(notes)-1]; n.title != "Added 2 profiles" {
		t.Errorf("last notification %+v", n)
	}
	if n := w.fake.SSO.Count("StartDeviceAuthorization"); n != 1 {
		t.Errorf("%d sign-ins, want 1 (the second populate reuses the token)", n)
	}
}
