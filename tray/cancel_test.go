package tray

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// A busy profile's first line is "Cancel …", clickable; idle, the same item is its state,
// disabled. Both are clickable items, so the tray updates the line in place.
func TestBuildBusyLineCancels(t *testing.T) {
	t.Parallel()
	busy := Build(State{Now: testNow, Profiles: []Profile{{Name: "dev", HasKeys: true, Busy: "Signing in to dev ⟳"}}})
	idle := Build(State{Now: testNow, Profiles: []Profile{{Name: "dev", HasKeys: true}}})
	b, i := find(t, busy.Items, "dev "+BusyMark).Children[0], find(t, idle.Items, "dev · keys").Children[0]
	want := Action{Kind: CancelBusy, Profile: "dev"}
	if b.Title != "Cancel signing in to dev ⟳" || b.Disabled || b.Action != want {
		t.Errorf("busy line = %+v, want a clickable Cancel signing in to dev ⟳", b)
	}
	if i.Title != "keys stored" || !i.Disabled || i.Action != want {
		t.Errorf("idle line = %+v, want the disabled state with the same action", i)
	}
}

// In a large config a busy profile's one item cancels instead of asking what to do.
func TestBuildBusyChooserItemCancels(t *testing.T) {
	t.Parallel()
	s := benchState(300)
	p := s.Profiles[10] // busy, and not recent
	var got Item
	var walk func([]Item)
	walk = func(items []Item) {
		for _, it := range items {
			if it.Action.Profile == p.Name && len(it.Children) == 0 {
				got = it
			}
			walk(it.Children)
		}
	}
	walk(Build(s).Items)
	if got.Title != p.Name+" · Cancel signing in to "+p.Name+" ⟳" || got.Action != (Action{Kind: CancelBusy, Profile: p.Name}) {
		t.Errorf("busy chooser item = %+v, want it to cancel", got)
	}
}

// Cancel ends the action's context (its dialog closes), shows the profile idle at once,
// before the effect has returned, and is not reported as a failure, whatever error the
// effect returns when cut short.
func TestControllerCancelBusy(t *testing.T) {
	t.Parallel()
	var rec recorder
	cut, release := make(chan error, 1), make(chan struct{})
	h := runController(t, Deps{
		Load:   staticLoad("prod"),
		Notify: rec.notify,
		StartServer: func(ctx context.Context, a Action) (Server, error) {
			<-ctx.Done()
			cut <- context.Cause(ctx)
			<-release
			return Server{}, fmt.Errorf("dialog: %w", errors.New("zenity was killed"))
		},
	})
	h.until("prod loaded", lineIs("prod", "keys stored"))
	h.send(Action{Kind: StartServer, Profile: "prod", Server: "ecs"})
	h.until("prod busy", lineIs("prod", "Cancel starting server ⟳"))
	h.send(Action{Kind: CancelBusy, Profile: "prod"})
	waitCancelled(t, cut)
	h.until("prod idle while its effect still runs", lineIs("prod", "keys stored"))
	close(release)
	h.quit() // waits for the server start to settle: its result, and any notification, are in
	if got := rec.get(); len(got) != 0 {
		t.Errorf("notifications = %q, want none for a cancelled action", got)
	}
}

// An action that belongs to no profile (Add credentials…) shows at the top of the menu as
// "Cancel adding credentials ⟳" while it runs; a click ends it, silently, and the line goes.
func TestControllerCancelGlobalAction(t *testing.T) {
	t.Parallel()
	var rec recorder
	cut := make(chan error, 1)
	h := runController(t, Deps{
		Load:   staticLoad("prod"),
		Notify: rec.notify,
		AddCredentials: func(ctx context.Context, a Action) error {
			<-ctx.Done()
			cut <- context.Cause(ctx)
			return errors.New("dialog: signal: killed")
		},
	})
	h.until("prod loaded", lineIs("prod", "keys stored"))
	h.send(Action{Kind: AddCredentials})
	cancelItem := Item{Title: "Cancel adding credentials ⟳", Action: Action{Kind: CancelBusy}}
	h.until("the cancel line", func(m Menu) bool {
		c := globalCancel(t, m)
		return c.Title == cancelItem.Title && !c.Hidden && !c.Disabled
	})
	h.send(cancelItem.Action)
	waitCancelled(t, cut)
	h.until("the cancel line gone", func(m Menu) bool { return len(m.Items) > 0 && m.Items[0].Title != cancelItem.Title })
	h.quit()
	if got := rec.get(); len(got) != 0 {
		t.Errorf("notifications = %q, want none for a cancelled action", got)
	}
}

// waitCancelled waits for the effect to report how its context ended: a cancel.
func waitCancelled(t *testing.T, cut <-chan error) {
	t.Helper()
	select {
	case err := <-cut:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the effect's context ended with %v, want a cancel", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("Cancel did not end the effect's context")
	}
}
