package app

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

const (
	aliceMFA    = "arn:aws:iam::111111111111:mfa/alice"
	aliceKeyID  = "AKIAALICE00000000001"
	aliceSecret = "alicesecretfakesecret0000000000000000000"
	goodCode    = "123456"
)

// aliceConfig is an IAM user with MFA and a role she assumes.
const aliceConfig = `[profile alice]
region = eu-west-1
mfa_serial = ` + aliceMFA + `

[profile admin]
source_profile = alice
role_arn = arn:aws:iam::222222222222:role/admin
mfa_serial = ` + aliceMFA + `
region = eu-west-1
`

// formAsk is one showing of the Add credentials form.
type formAsk struct {
	problem string
	last    KeysForm
}

// note is one desktop notification.
type note struct{ title, body string }

// recorder is every effect of an App, recorded; answers are set before use.
type recorder struct {
	mu        sync.Mutex
	copies    []string
	plain     []string // what Copy put on the clipboard
	notes     []note
	launches  [][]string
	questions []string
	prompts   []vault.MFARequest
	chosen    []string // the questions Choose was asked

	answer   bool                      // what Confirm answers
	choose   int                       // what Choose answers
	forms    []KeysForm                // the Add credentials form's answers, in turn; then a cancel
	asked    []formAsk                 // how the form was shown each time
	verbs    []string                  // the verbs ConfirmVerb offered
	onLaunch func(argv []string) error // run inside Launch, e.g. to follow the one-time URL
}

func (r *recorder) effects() Effects {
	return Effects{
		PromptMFA: func(_ context.Context, req vault.MFARequest) (string, error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.prompts = append(r.prompts, req)
			return goodCode, nil
		},
		Confirm: func(_ context.Context, q string) (bool, error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.questions = append(r.questions, q)
			return r.answer, nil
		},
		AskKeys: func(_ context.Context, problem string, last KeysForm) (KeysForm, error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.asked = append(r.asked, formAsk{problem, last})
			if len(r.forms) == 0 {
				return KeysForm{}, context.Canceled
			}
			f := r.forms[0]
			r.forms = r.forms[1:]
			return f, nil
		},
		ConfirmVerb: func(_ context.Context, q, verb string) (bool, error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.questions = append(r.questions, q)
			r.verbs = append(r.verbs, verb)
			return r.answer, nil
		},
		Choose: func(_ context.Context, q string, labels []string) (int, error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.chosen = append(r.chosen, q)
			return r.choose, nil
		},
		CopySecret: func(text string) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.copies = append(r.copies, text)
			return nil
		},
		Copy: func(text string) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.plain = append(r.plain, text)
			return nil
		},
		Notify: func(title, body string) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.notes = append(r.notes, note{title, body})
		},
		Launch: func(_ context.Context, argv, _ []string) error {
			r.mu.Lock()
			r.launches = append(r.launches, slices.Clone(argv))
			hook := r.onLaunch
			r.mu.Unlock()
			if hook != nil {
				return hook(argv)
			}
			return nil
		},
	}
}

// lastCopy is the newest clipboard text, "" when nothing was copied.
func (r *recorder) lastCopy() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.copies) == 0 {
		return ""
	}
	return r.copies[len(r.copies)-1]
}

func (r *recorder) snapshot() (copies []string, notes []note, launches [][]string, questions []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.copies), slices.Clone(r.notes), slices.Clone(r.launches), slices.Clone(r.questions)
}

// world is an App on a file keyring in a temp dir, a fake STS and sign-in endpoint, and
// recorded effects.
type world struct {
	t    *testing.T
	dir  string
	env  vault.Env
	fake *fakeaws.Fake
	rec  *recorder
	app  *App
}

func newWorld(t *testing.T, config string) *world {
	t.Helper()
	dir := t.TempDir()
	w := &world{t: t, dir: dir, fake: fakeaws.Start(t), rec: &recorder{}}
	w.fake.STS.AddUser(aliceKeyID, aliceSecret, "alice")
	w.fake.STS.SetMFA(aliceMFA, goodCode)
	bin := filepath.Join(dir, "bin")
	must(t, os.Mkdir(bin, 0o755))
	w.env = vault.Env{
		"HOME":                      dir,
		"PATH":                      bin,
		"AWS_CONFIG_FILE":           filepath.Join(dir, "config"),
		"AWS_VAULT_BACKEND":         "file",
		"AWS_VAULT_FILE_DIR":        filepath.Join(dir, "keys"),
		"AWS_VAULT_FILE_PASSPHRASE": "test-passphrase",
		"AWS_ENDPOINT_URL_STS":      w.fake.URL,
		login.EnvSigninEndpoint:     w.fake.SigninURL,
	}
	if config != "" {
		w.writeConfig(config)
	}
	w.app = New(Options{Env: w.env, Effects: w.rec.effects()})
	return w
}

func (w *world) writeConfig(s string) {
	w.t.Helper()
	must(w.t, os.WriteFile(w.env["AWS_CONFIG_FILE"], []byte(s), 0o600))
}

// readConfig is the config file's text.
func (w *world) readConfig() string {
	w.t.Helper()
	b, err := os.ReadFile(w.env["AWS_CONFIG_FILE"])
	if err != nil && !os.IsNotExist(err) {
		w.t.Fatal(err)
	}
	return string(b)
}

// installBrowser puts an executable of that name on the app's PATH, for browser detection.
func (w *world) installBrowser(name string) {
	w.t.Helper()
	must(w.t, os.WriteFile(filepath.Join(w.env["PATH"], name), []byte("#!/bin/sh\nexit 0\n"), 0o755))
}

func (w *world) addAlice() {
	w.t.Helper()
	if _, err := w.app.AddCredentials("alice", aliceKeys(), AddOptions{NoConfig: true}); err != nil {
		w.t.Fatal(err)
	}
}

func aliceKeys() aws.Credentials {
	return aws.Credentials{AccessKeyID: aliceKeyID, SecretAccessKey: aliceSecret}
}

// sessions is the keyring's cached sessions of a profile.
func (w *world) sessions(profile string) []vault.SessionKey {
	w.t.Helper()
	store, err := w.app.Store()
	must(w.t, err)
	all, err := store.Sessions()
	must(w.t, err)
	var out []vault.SessionKey
	for _, s := range all {
		if s.Profile == profile {
			out = append(out, s)
		}
	}
	return out
}

// hasKeys reports whether the keyring holds a profile's access keys.
func (w *world) hasKeys(profile string) bool {
	w.t.Helper()
	store, err := w.app.Store()
	must(w.t, err)
	has, err := store.HasCredentials(profile)
	must(w.t, err)
	return has
}

// noRedirect is an HTTP client that reports a redirect instead of following it.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// envValue is the value of NAME in export lines (`export NAME=value`).
func envValue(lines, name string) string {
	for _, l := range strings.Split(lines, "\n") {
		if v, ok := strings.CutPrefix(l, "export "+name+"="); ok {
			return strings.Trim(v, `'"`)
		}
	}
	return ""
}

func vaultCreds(id, secret string) aws.Credentials {
	return aws.Credentials{AccessKeyID: id, SecretAccessKey: secret}
}

func (r *recorder) mfaPrompts() []vault.MFARequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.prompts)
}
