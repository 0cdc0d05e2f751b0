package app

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vaultbar/vaultbar/control"
	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// doRecorder is the controller a link is handed to.
type doRecorder struct {
	mu   sync.Mutex
	acts []tray.Action
}

func (d *doRecorder) do(_ context.Context, act tray.Action) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.acts = append(d.acts, act)
	return nil
}

func (d *doRecorder) done() []tray.Action {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]tray.Action(nil), d.acts...)
}

// By default a link that hands out credentials asks first, naming what and for whom; yes
// hands the action to the controller, no does nothing and nobody is told about it.
func TestRunLinkCopyEnvAsksFirst(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	ctx := context.Background()
	var d doRecorder
	w.rec.answer = true
	must(t, w.app.RunLink(ctx, "vaultbar://copy-env/alice?format=json", d.do))
	_, notes, _, questions := w.rec.snapshot()
	if len(questions) != 1 || !strings.Contains(questions[0], "copy the credentials of profile alice") || !strings.Contains(questions[0], "json") {
		t.Errorf("questions %q, want one naming the action, profile and format", questions)
	}
	want := tray.Action{Kind: tray.CopyEnv, Profile: "alice", Format: "json"}
	if acts := d.done(); len(acts) != 1 || acts[0] != want {
		t.Errorf("do got %+v, want %+v", acts, want)
	}

	w.rec.mu.Lock()
	w.rec.answer = false
	w.rec.mu.Unlock()
	err := w.app.RunLink(ctx, "vaultbar://copy-env/alice", d.do)
	if err == nil || !strings.Contains(err.Error(), "alice") {
		t.Errorf("declined link = %v, want an error naming the profile", err)
	}
	if len(d.done()) != 1 {
		t.Errorf("a declined link ran: %+v", d.done())
	}
	if _, notes2, _, _ := w.rec.snapshot(); len(notes2) != len(notes) {
		t.Errorf("a declined link notified: %+v", notes2)
	}
}

// Links that hand out nothing run without a question by default; url_confirm "always" asks
// for those too, and "never" asks for none.
func TestRunLinkConfirmModes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		mode, link string
		asks       bool
		want       tray.Action
	}{
		{"", "vaultbar://console/alice?region=us-east-1&service=ec2", false,
			tray.Action{Kind: tray.OpenConsole, Profile: "alice", Region: "us-east-1", Service: "ec2"}},
		{ConfirmSecrets, "vaultbar://serve/alice?kind=ec2", true, tray.Action{Kind: tray.StartServer, Profile: "alice", Server: "ec2"}},
		{ConfirmSecrets, "vaultbar://copy-console-url/alice", true, tray.Action{Kind: tray.CopyConsoleURL, Profile: "alice"}},
		{ConfirmSecrets, "vaultbar://stop/alice", false, tray.Action{Kind: tray.StopServer, Profile: "alice"}},
		{ConfirmAlways, "vaultbar://console/alice", true, tray.Action{Kind: tray.OpenConsole, Profile: "alice"}},
		{ConfirmAlways, "vaultbar://clear/alice", true, tray.Action{Kind: tray.ClearSession, Profile: "alice"}},
		{ConfirmAlways, "vaultbar://add", true, tray.Action{Kind: tray.AddCredentials}},
		{ConfirmSecrets, "vaultbar://find", false, tray.Action{Kind: tray.FindProfile}},
		{ConfirmNever, "vaultbar://copy-env/alice", false, tray.Action{Kind: tray.CopyEnv, Profile: "alice", Format: "export"}},
	} {
		t.Run(tc.mode+" "+tc.link, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, aliceConfig)
			must(t, w.app.SaveSettings(Settings{URLConfirm: tc.mode}))
			w.rec.answer = true
			var d doRecorder
			must(t, w.app.RunLink(context.Background(), tc.link, d.do))
			_, _, _, questions := w.rec.snapshot()
			if asked := len(questions) == 1; asked != tc.asks || len(questions) > 1 {
				t.Errorf("questions %q, want asked=%v", questions, tc.asks)
			}
			if tc.asks && tc.want.Profile != "" && !strings.Contains(questions[0], "profile alice") {
				t.Errorf("question %q does not name the profile", questions[0])
			}
			if acts := d.done(); len(acts) != 1 || acts[0] != tc.want {
				t.Errorf("do got %+v, want %+v", acts, tc.want)
			}
		})
	}
}

// A link for an unknown profile, a malformed link, or broken settings is notified with the
// reason, and nothing is done.
func TestRunLinkRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, link, settings, want string }{
		{"unknown profile", "vaultbar://copy-env/ghost", "", "ghost"},
		{"bad link", "vaultbar://launch-missiles/alice", "", "vaultbar"},
		{"bad url_confirm", "vaultbar://console/alice", `{"url_confirm": "maybe"}`, "url_confirm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, aliceConfig)
			if tc.settings != "" {
				must(t, os.MkdirAll(filepath.Dir(w.app.SettingsPath()), 0o700))
				must(t, os.WriteFile(w.app.SettingsPath(), []byte(tc.settings), 0o600))
			}
			w.rec.answer = true
			var d doRecorder
			err := w.app.RunLink(context.Background(), tc.link, d.do)
			_, notes, _, questions := w.rec.snapshot()
			if err == nil || len(d.done()) != 0 || len(questions) != 0 {
				t.Fatalf("RunLink = %v, did %+v, asked %q", err, d.done(), questions)
			}
			if len(notes) != 1 || !strings.Contains(notes[0].title, "vaultbar://") || !strings.Contains(notes[0].body, tc.want) {
				t.Errorf("notes %+v, want one saying %q", notes, tc.want)
			}
		})
	}
	w := newWorld(t, aliceConfig)
	a := New(Options{Env: w.env}) // no dialog to ask with
	var d doRecorder
	if err := a.RunLink(context.Background(), "vaultbar://copy-env/alice", d.do); !errors.Is(err, ErrUnavailable) || len(d.done()) != 0 {
		t.Errorf("a link that must ask, without a dialog: %v, did %+v", err, d.done())
	}
}

// The control socket's "open" runs a link; bad JSON and unknown ops are refused.
func TestControlHandler(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	var d doRecorder
	h := w.app.ControlHandler(d.do)
	ctx := context.Background()
	body, _ := json.Marshal(OpenRequest{URL: "vaultbar://console/alice"})
	if _, err := h(ctx, OpOpen, body); err != nil {
		t.Fatal(err)
	}
	if acts := d.done(); len(acts) != 1 || acts[0].Kind != tray.OpenConsole || acts[0].Profile != "alice" {
		t.Errorf("open ran %+v", acts)
	}
	if _, err := h(ctx, OpOpen, json.RawMessage(`{"url": 5}`)); err == nil || !strings.Contains(vault.Hint(err), "url") {
		t.Errorf("bad body: %v (hint %q)", err, vault.Hint(err))
	}
	body, _ = json.Marshal(OpenRequest{URL: "vaultbar://console/ghost"})
	if _, err := h(ctx, OpOpen, body); err == nil || len(d.done()) != 1 {
		t.Errorf("open of an unknown profile: %v, did %+v", err, d.done())
	}
	_, err := h(ctx, "explode", nil)
	var re *control.RemoteError
	if !errors.As(err, &re) || re.Code != control.CodeUnknownOp || !strings.Contains(err.Error(), "explode") {
		t.Errorf("unknown op: %v", err)
	}
}
