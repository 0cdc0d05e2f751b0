package app

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// The menu's clicks run the use cases: Load shows the profiles and the saved recent list,
// Copy env copies export lines (the default format), Clear session clears.
func TestMenuDepsLoadCopyEnvClearSession(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	ctx := context.Background()
	d := w.app.MenuDeps(MenuOptions{Version: "1.2.3", Recent: []string{"admin"}})
	snap, err := d.Load(ctx)
	must(t, err)
	if len(snap.Profiles) != 2 || !slices.Equal(snap.Recent, []string{"admin"}) {
		t.Errorf("Load = %d profiles, recent %v", len(snap.Profiles), snap.Recent)
	}
	must(t, d.CopyEnv(ctx, tray.Action{Kind: tray.CopyEnv, Profile: "admin"}))
	copied := w.rec.lastCopy()
	if !strings.Contains(envValue(copied, "AWS_SESSION_TOKEN"), fakeaws.TokenMarker) || envValue(copied, "AWS_ACCESS_KEY_ID") == "" {
		t.Errorf("Copy env copied %q, want export lines", copied)
	}
	must(t, d.CopyEnv(ctx, tray.Action{Kind: tray.CopyEnv, Profile: "admin", Format: "json"}))
	if got := w.rec.lastCopy(); !strings.Contains(got, `"SessionToken"`) {
		t.Errorf("Copy env as json copied %q", got)
	}
	if len(w.sessions("admin")) != 1 {
		t.Fatal("no session after Copy env")
	}
	must(t, d.ClearSession(ctx, tray.Action{Kind: tray.ClearSession, Profile: "admin"}))
	if len(w.sessions("admin")) != 0 {
		t.Error("Clear session left admin's session")
	}
	must(t, d.SaveRecent(ctx, []string{"alice", "admin"}))
	if got := w.app.LoadRecent(); !slices.Equal(got, []string{"alice", "admin"}) {
		t.Errorf("recent after SaveRecent = %v", got)
	}
	if d.Describe == nil || d.Now == nil || d.IsCancel == nil || !d.IsCancel(context.Canceled) {
		t.Error("Describe, Now or IsCancel not filled")
	}
}

// The Browser menu's choices persist; choosing a browser resets the isolation to its default.
func TestMenuDepsSelectBrowserAndIsolationPersist(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "")
	ctx := context.Background()
	d := w.app.MenuDeps(MenuOptions{})
	must(t, d.SelectBrowser(ctx, tray.Action{Kind: tray.SelectBrowser, Browser: "firefox"}))
	must(t, d.SelectIsolation(ctx, tray.Action{Kind: tray.SelectIsolation, Isolation: "container"}))
	st, err := New(Options{Env: w.env}).LoadSettings() // what the next start reads
	if err != nil || st.Browser != "firefox" || st.Isolation != "container" {
		t.Errorf("settings after the choices = %+v, %v", st, err)
	}
	must(t, d.SelectBrowser(ctx, tray.Action{Kind: tray.SelectBrowser, Browser: "chromium"}))
	if st, _ := w.app.LoadSettings(); st.Browser != "chromium" || st.Isolation != "" {
		t.Errorf("settings after a new browser = %+v, want the isolation reset", st)
	}
}

// Remove credentials and Clear all ask first; no leaves everything, yes removes.
func TestMenuDepsConfirmations(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	ctx := context.Background()
	_, _, err := w.app.Credentials(ctx, Request{Profile: "admin"})
	must(t, err)
	d := w.app.MenuDeps(MenuOptions{})

	must(t, d.RemoveCredentials(ctx, tray.Action{Kind: tray.RemoveCredentials, Profile: "alice"}))
	must(t, d.ClearAllSessions(ctx, tray.Action{Kind: tray.ClearAllSessions}))
	_, _, _, questions := w.rec.snapshot()
	if len(questions) != 2 || !strings.Contains(questions[0], "profile alice") || !strings.Contains(questions[1], "every cached session") {
		t.Errorf("questions %q", questions)
	}
	if !w.hasKeys("alice") || len(w.sessions("admin")) != 1 {
		t.Fatal("a no removed something")
	}

	w.rec.mu.Lock()
	w.rec.answer = true
	w.rec.mu.Unlock()
	must(t, d.ClearAllSessions(ctx, tray.Action{Kind: tray.ClearAllSessions}))
	if len(w.sessions("admin")) != 0 || !w.hasKeys("alice") {
		t.Error("Clear all: want sessions gone, keys kept")
	}
	must(t, d.RemoveCredentials(ctx, tray.Action{Kind: tray.RemoveCredentials, Profile: "alice"}))
	if w.hasKeys("alice") {
		t.Error("Remove credentials kept the keys after yes")
	}

	bare := New(Options{Env: w.env}).MenuDeps(MenuOptions{}) // no dialog
	if err := bare.RemoveCredentials(ctx, tray.Action{Profile: "alice"}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("remove without a dialog: %v", err)
	}
}

// Add credentials asks for the profile and keys in a dialog.
func TestMenuDepsAddCredentials(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "")
	w.rec.forms = []KeysForm{{Profile: "carol", KeyID: aliceKeyID, Secret: aliceSecret}}
	must(t, w.app.MenuDeps(MenuOptions{}).AddCredentials(context.Background(), tray.Action{Kind: tray.AddCredentials}))
	if !w.hasKeys("carol") {
		t.Error("carol's keys not stored")
	}
}

// A profile without a submenu asks which action to run; the choice comes back as the action.
// A running server changes the choices to Stop and Copy server env.
func TestMenuDepsChooseAction(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	ctx := context.Background()
	d := w.app.MenuDeps(MenuOptions{})
	w.rec.choose = 1
	act, err := d.ChooseAction(ctx, tray.Action{Profile: "alice"})
	if err != nil || act != (tray.Action{Kind: tray.CopyEnv, Profile: "alice", Format: "export"}) {
		t.Errorf("choice 1 = %+v, %v; want Copy env", act, err)
	}
	w.rec.mu.Lock()
	if len(w.rec.chosen) != 1 || !strings.Contains(w.rec.chosen[0], "profile alice") {
		t.Errorf("Choose asked %q", w.rec.chosen)
	}
	w.rec.mu.Unlock()

	srv, err := d.StartServer(ctx, tray.Action{Kind: tray.StartServer, Profile: "alice", Server: ECS})
	must(t, err)
	t.Cleanup(func() { _ = d.StopServer(ctx, "alice") })
	if srv.Kind != ECS || srv.Addr == "" {
		t.Errorf("StartServer = %+v", srv)
	}
	labels, _ := tray.ProfileActions(tray.Profile{Name: "alice", Server: &tray.Server{}})
	w.rec.mu.Lock()
	w.rec.choose = slices.Index(labels, "Stop metadata server")
	w.rec.mu.Unlock()
	act, err = d.ChooseAction(ctx, tray.Action{Profile: "alice"})
	if err != nil || act.Kind != tray.StopServer {
		t.Errorf("with a server running, chose %+v, %v; want Stop", act, err)
	}
	must(t, d.CopyServerEnv(ctx, tray.Action{Profile: "alice"}))
	if !strings.Contains(w.rec.lastCopy(), srv.Addr) {
		t.Errorf("Copy server env copied %q, want the address %s", w.rec.lastCopy(), srv.Addr)
	}
	must(t, d.StopServer(ctx, "alice"))
	if w.app.serving("alice") {
		t.Error("still serving after Stop")
	}
	if _, err := New(Options{Env: w.env}).MenuDeps(MenuOptions{}).ChooseAction(ctx, tray.Action{Profile: "alice"}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("ChooseAction without a dialog: %v", err)
	}
}

// About notifies the version and where the profiles come from; Open config file launches
// the desktop's opener on the config file.
func TestMenuDepsAboutAndOpenConfigFile(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	ctx := context.Background()
	d := w.app.MenuDeps(MenuOptions{Version: "1.2.3"})
	must(t, d.About(ctx, tray.Action{Kind: tray.About}))
	_, notes, _, _ := w.rec.snapshot()
	if len(notes) != 1 || !strings.Contains(notes[0].title, "1.2.3") || !strings.Contains(notes[0].body, w.env["AWS_CONFIG_FILE"]) {
		t.Errorf("About notified %+v", notes)
	}
	w.installBrowser("xdg-open")
	must(t, d.OpenConfigFile(ctx, tray.Action{Kind: tray.OpenConfigFile}))
	_, _, launches, _ := w.rec.snapshot()
	if len(launches) != 1 || launches[0][len(launches[0])-1] != w.env["AWS_CONFIG_FILE"] {
		t.Errorf("launched %q, want the config file opened", launches)
	}
	if err := New(Options{Env: w.env}).MenuDeps(MenuOptions{}).OpenConfigFile(ctx, tray.Action{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("OpenConfigFile without Launch: %v", err)
	}
}

// Open console and Copy console URL from the menu use the clicked profile and region.
func TestMenuDepsConsole(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	ctx := context.Background()
	d := w.app.MenuDeps(MenuOptions{})
	must(t, d.CopyConsoleURL(ctx, tray.Action{Kind: tray.CopyConsoleURL, Profile: "admin", Region: "us-west-2"}))
	if got := w.rec.lastCopy(); !strings.Contains(got, "us-west-2.console.aws.amazon.com") || !strings.Contains(got, fakeaws.SigninTokenMarker) {
		t.Errorf("Copy console URL copied %q, want a us-west-2 sign-in URL", got)
	}
	w.installBrowser("chromium")
	var visit browserVisit
	w.rec.onLaunch = visit.hook(t)
	must(t, d.OpenConsole(ctx, tray.Action{Kind: tray.OpenConsole, Profile: "admin", Service: "iam"}))
	location, _ := visit.result()
	u, err := url.Parse(location)
	must(t, err)
	if dest := u.Query().Get("Destination"); !strings.HasPrefix(dest, "https://console.aws.amazon.com/iam/home") &&
		!strings.Contains(dest, ".console.aws.amazon.com/iam/home") {
		t.Errorf("console opened at %q, want iam", dest)
	}
}

// Find profile lists the rows it is given, then asks what to do with the one picked.
func TestMenuDepsFindProfile(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	d := w.app.MenuDeps(MenuOptions{})
	w.rec.choose = 1 // the second row, then the second action
	act, err := d.FindProfile(context.Background(), []tray.FindRow{{Profile: "alice", Label: "alice — keys stored"},
		{Profile: "admin", Label: "admin — credentials via alice"}})
	if err != nil || act != (tray.Action{Kind: tray.CopyEnv, Profile: "admin", Format: "export"}) {
		t.Errorf("Find profile chose %+v, %v; want admin's Copy env", act, err)
	}
	w.rec.mu.Lock()
	defer w.rec.mu.Unlock()
	if len(w.rec.chosen) != 2 || !strings.Contains(w.rec.chosen[1], "profile admin") {
		t.Errorf("Choose asked %q", w.rec.chosen)
	}
}

// Copy account ID copies the account the config names for a role; a profile with only keys
// names none and says where to set it.
func TestMenuDepsCopyAccountID(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	d := w.app.MenuDeps(MenuOptions{})
	must(t, d.CopyAccountID(context.Background(), tray.Action{Kind: tray.CopyAccountID, Profile: "admin"}))
	if got := w.rec.lastCopy(); got != "222222222222" {
		t.Errorf("copied %q, want admin's account 222222222222", got)
	}
	err := d.CopyAccountID(context.Background(), tray.Action{Kind: tray.CopyAccountID, Profile: "alice"})
	if err == nil || vault.Hint(err) == "" || !strings.Contains(err.Error(), "alice") {
		t.Errorf("alice (keys only): %v, want an error naming her, with a hint", err)
	}
	// Once IAM named her key's account (the key age), her header shows it and copies it.
	must(t, d.CopyAccountID(context.Background(), tray.Action{Kind: tray.CopyAccountID, Profile: "alice", Account: "111111111111"}))
	if got := w.rec.lastCopy(); got != "111111111111" {
		t.Errorf("copied %q, want the account the header shows", got)
	}
	if err := d.CopyAccountID(context.Background(), tray.Action{Kind: tray.CopyAccountID, Profile: "alice", Account: "x"}); err == nil {
		t.Error("copied an account ID that is not one")
	}
}
