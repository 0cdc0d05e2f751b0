package app

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// fakeLoginStart is the system's record of starting at login.
type fakeLoginStart struct {
	mu      sync.Mutex
	on      bool
	note    string
	readErr error
}

func (f *fakeLoginStart) effects(fx Effects) Effects {
	fx.StartAtLogin = func(context.Context) (LoginStart, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		return LoginStart{On: f.on, Where: "/home/u/.config/autostart/vaultbar.desktop", Note: f.note}, f.readErr
	}
	fx.SetStartAtLogin = func(_ context.Context, on bool) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.on = on
		return nil
	}
	return fx
}

// The menu's checkbox shows the system's record on every Load, with where it lives as its
// tooltip, and a click changes that record.
func TestMenuDepsStartAtLogin(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	sys := &fakeLoginStart{}
	w.app = New(Options{Env: w.env, Effects: sys.effects(w.rec.effects())})
	ctx := context.Background()
	d := w.app.MenuDeps(MenuOptions{})
	load := func() tray.LoginItem {
		t.Helper()
		snap, err := d.Load(ctx)
		must(t, err)
		return snap.StartAtLogin
	}
	if got, want := load(), (tray.LoginItem{Available: true, Tooltip: "/home/u/.config/autostart/vaultbar.desktop"}); got != want {
		t.Errorf("Load: %+v, want %+v", got, want)
	}
	must(t, d.SetStartAtLogin(ctx, true))
	if got := load(); !got.On {
		t.Errorf("after SetStartAtLogin(true): %+v, want on", got)
	}
	sys.mu.Lock()
	sys.on, sys.note = false, "waiting for approval in Login Items" // changed outside the app
	sys.mu.Unlock()
	if got, want := load(), (tray.LoginItem{Available: true,
		Tooltip: "/home/u/.config/autostart/vaultbar.desktop (waiting for approval in Login Items)"}); got != want {
		t.Errorf("after an outside change: %+v, want %+v", got, want)
	}
}

// A record that cannot be read leaves the checkbox unchecked with the error and its hint as
// tooltip; the profiles still load.
func TestMenuDepsStartAtLoginUnreadable(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	sys := &fakeLoginStart{readErr: vault.WithHint(errors.New("read autostart entry x: permission denied"), "fix or delete the file")}
	w.app = New(Options{Env: w.env, Effects: sys.effects(w.rec.effects())})
	snap, err := w.app.MenuDeps(MenuOptions{}).Load(context.Background())
	must(t, err)
	want := tray.LoginItem{Available: true, Tooltip: "read autostart entry x: permission denied (hint: fix or delete the file)"}
	if snap.StartAtLogin != want || len(snap.Profiles) != 2 {
		t.Errorf("Load: start at login %+v, %d profiles; want %+v and 2 profiles", snap.StartAtLogin, len(snap.Profiles), want)
	}
}

// Without the effects (the command line's App, a build with no way) the item is hidden and a
// click says it is not available.
func TestMenuDepsStartAtLoginUnavailable(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	d := w.app.MenuDeps(MenuOptions{})
	snap, err := d.Load(context.Background())
	must(t, err)
	if snap.StartAtLogin.Available {
		t.Errorf("Load: %+v, want hidden", snap.StartAtLogin)
	}
	if err := d.SetStartAtLogin(context.Background(), true); !errors.Is(err, ErrUnavailable) {
		t.Errorf("SetStartAtLogin = %v, want ErrUnavailable", err)
	}
}
