package app

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// wordsWorld is a world whose app logs to a slice, clears the clipboard after 45 s and
// records the label of each MFA prompt.
func wordsWorld(t *testing.T, config string) (w *world, logged func() string, labels func() []string) {
	w = newWorld(t, config)
	var mu sync.Mutex
	var lines, seen []string
	fx := w.rec.effects()
	fx.ClipboardClears = 45 * time.Second
	fx.Log = func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf(format, args...))
	}
	prompt := fx.PromptMFA
	fx.PromptMFA = func(ctx context.Context, req vault.MFARequest) (string, error) {
		mu.Lock()
		seen = append(seen, vault.PromptAction(ctx))
		mu.Unlock()
		return prompt(ctx, req)
	}
	w.app = New(Options{Env: w.env, Effects: fx})
	logged = func() string {
		mu.Lock()
		defer mu.Unlock()
		return strings.Join(lines, "\n")
	}
	labels = func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
	return w, logged, labels
}

// run is a click as the controller runs it: the effect under Begin's context, a failure
// through Explain.
func run(d tray.Deps, f func(context.Context, tray.Action) error, act tray.Action) (title, body string, err error) {
	err = f(d.Begin(context.Background(), act), act)
	if err != nil {
		title, body = d.Explain(act, err)
	}
	return title, body, err
}

// Copy env says it worked and when the clipboard clears, unless the setting turns it off;
// the MFA dialog it raised was labelled with the action.
func TestMenuSuccessIsSaidAndCanBeTurnedOff(t *testing.T) {
	w, _, labels := wordsWorld(t, aliceConfig)
	w.addAlice()
	d := w.app.MenuDeps(MenuOptions{})
	act := tray.Action{Kind: tray.CopyEnv, Profile: "admin"}
	if _, body, err := run(d, d.CopyEnv, act); err != nil {
		t.Fatalf("copy env: %v (%s)", err, body)
	}
	_, notes, _, _ := w.rec.snapshot()
	want := note{"Copied env for admin", "Clears from the clipboard in 45 s."}
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("notifications %q, want %q", notes, want)
	}
	if got := labels(); len(got) != 1 || got[0] != "Copy env for admin" {
		t.Errorf("the MFA prompt was labelled %q, want Copy env for admin", got)
	}

	// The menu's checkbox, then a copy: nothing said; the setting is in settings.json.
	snap, err := d.Load(context.Background())
	must(t, err)
	if item := snap.NotifySuccess; !item.Available || !item.On {
		t.Fatalf("Notify on success reads %+v, want shown and on by default", item)
	}
	must(t, d.SetNotifySuccess(context.Background(), tray.Action{Kind: tray.SetNotifySuccess, On: false}))
	if st, err := w.app.LoadSettings(); err != nil || !st.NoSuccessNotifications {
		t.Fatalf("settings after the click: %+v, %v; want no_success_notifications", st, err)
	}
	if _, body, err := run(d, d.CopyEnv, act); err != nil {
		t.Fatalf("copy env: %v (%s)", err, body)
	}
	if _, notes, _, _ = w.rec.snapshot(); len(notes) != 1 {
		t.Errorf("with no_success_notifications the app notified %q", notes[1:])
	}
	snap, err = d.Load(context.Background())
	must(t, err)
	if snap.NotifySuccess.On {
		t.Errorf("Notify on success reads on after it was turned off")
	}
}

// About says where the log is.
func TestAboutSaysWhereTheLogIs(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the XDG place of the log")
	}
	w, _, _ := wordsWorld(t, aliceConfig)
	d := w.app.MenuDeps(MenuOptions{Version: "1.0"})
	must(t, d.About(context.Background(), tray.Action{Kind: tray.About}))
	_, notes, _, _ := w.rec.snapshot()
	want := w.env["HOME"] + "/.local/state/vaultbar/vaultbar.log"
	if len(notes) != 1 || !strings.Contains(notes[0].body, want) {
		t.Errorf("About says %q, want the log's place %s", notes, want)
	}
}

// A profile without credentials fails in words with a step in the menu; the log gets the
// chain and its hint.
func TestMenuFailureIsExplainedAndLogged(t *testing.T) {
	w, logged, _ := wordsWorld(t, aliceConfig+"\n[profile nokeys]\nregion = eu-west-1\n")
	d := w.app.MenuDeps(MenuOptions{})
	title, body, err := run(d, d.CopyEnv, tray.Action{Kind: tray.CopyEnv, Profile: "nokeys"})
	if err == nil {
		t.Fatal("copy env for a profile without credentials worked")
	}
	if title != "Couldn't copy env for nokeys" || body != "No keys are stored for it, and it has no other way to get credentials. Use Add credentials… to store its access keys." {
		t.Errorf("notification %q: %q", title, body)
	}
	log := logged()
	if !strings.Contains(log, "copy env for nokeys failed: "+err.Error()) || !strings.Contains(log, "(hint: "+vault.Hint(err)+")") {
		t.Errorf("the log has %q, want the whole error %q and its hint", log, err)
	}
}

func TestSuccessTexts(t *testing.T) {
	for _, c := range []struct {
		act         tray.Action
		clears      time.Duration
		title, body string
	}{
		{tray.Action{Kind: tray.CopyEnv, Profile: "alice"}, 45 * time.Second, "Copied env for alice", "Clears from the clipboard in 45 s."},
		{tray.Action{Kind: tray.CopyServerEnv, Profile: "bob"}, 2 * time.Minute, "Copied the server env for bob", "Clears from the clipboard in 2 min."},
		{tray.Action{Kind: tray.CopyConsoleURL, Profile: "bob"}, 90 * time.Second, "Copied the console URL for bob", "Clears from the clipboard in 1 min 30 s."},
		{tray.Action{Kind: tray.OpenConsole, Profile: "bob"}, 45 * time.Second, "", ""},
	} {
		if title, body := successText(c.act, c.clears); title != c.title || body != c.body {
			t.Errorf("successText(%+v) = %q, %q; want %q, %q", c.act, title, body, c.title, c.body)
		}
	}
}

// The menu's problem line says a locked keyring in words and logs its chain; a mistake in the
// config keeps its own text, which names the line.
func TestDescribeProblem(t *testing.T) {
	w, logged, _ := wordsWorld(t, aliceConfig)
	d := w.app.MenuDeps(MenuOptions{})
	locked := fmt.Errorf("list keyring: %w: org.freedesktop.Secret.Error.IsLocked", vault.ErrKeyringLocked)
	if got := d.Describe(locked); got != "The keyring is locked. Unlock it when the desktop asks (your login keyring opens with your login password), then try again." {
		t.Errorf("Describe(locked) = %q", got)
	}
	if log := logged(); !strings.Contains(log, locked.Error()) {
		t.Errorf("the log has %q, want %q", log, locked)
	}
	bad := vault.WithHint(fmt.Errorf("%w: line 3: section [profile a] is never closed", vault.ErrConfig), "fix the file; it reloads")
	if got := d.Describe(bad); got != UserText(bad) {
		t.Errorf("Describe(config mistake) = %q, want its own text %q", got, UserText(bad))
	}
}

// Confirmations are answered by verbs, not Yes and No.
func TestMenuConfirmationsUseVerbs(t *testing.T) {
	w, _, _ := wordsWorld(t, aliceConfig)
	w.addAlice()
	d := w.app.MenuDeps(MenuOptions{})
	for _, c := range []struct {
		f   func(context.Context, tray.Action) error
		act tray.Action
	}{{d.RemoveCredentials, tray.Action{Kind: tray.RemoveCredentials, Profile: "alice"}}, {d.ClearAllSessions, tray.Action{Kind: tray.ClearAllSessions}}} {
		if _, body, err := run(d, c.f, c.act); err != nil {
			t.Fatalf("%+v: %v (%s)", c.act, err, body)
		}
	}
	w.rec.mu.Lock()
	defer w.rec.mu.Unlock()
	if want := []string{"Remove keys", "Clear all sessions"}; !slices.Equal(w.rec.verbs, want) {
		t.Errorf("the confirmations offered %q, want %q", w.rec.verbs, want)
	}
}
