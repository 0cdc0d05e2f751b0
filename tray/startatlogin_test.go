package tray

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
)

// The checkbox shows what the system records, and a click asks for the other state; where the
// OS has no way it is hidden but kept, so the menu's shape does not change.
func TestBuildStartAtLogin(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		item LoginItem
		want Item
	}{
		{"off", LoginItem{Available: true, Tooltip: "~/.config/autostart/vaultbar.desktop"},
			Item{Title: "Start at login", Tooltip: "~/.config/autostart/vaultbar.desktop", Checkable: true,
				Action: Action{Kind: SetStartAtLogin, On: true}}},
		{"on", LoginItem{Available: true, On: true},
			Item{Title: "Start at login", Checkable: true, Checked: true, Action: Action{Kind: SetStartAtLogin, On: false}}},
		{"unavailable", LoginItem{},
			Item{Title: "Start at login", Checkable: true, Hidden: true, Action: Action{Kind: SetStartAtLogin, On: true}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			items := Build(State{Profiles: named("a"), StartAtLogin: tt.item}).Items
			var got []Item
			for _, it := range items {
				if it.Title == "Start at login" {
					got = append(got, it)
				}
			}
			if len(got) != 1 || got[0].Disabled || len(got[0].Children) != 0 || !reflect.DeepEqual(got[0], tt.want) {
				t.Errorf("Start at login items = %+v, want [%+v]", got, tt.want)
			}
		})
	}
}

// startAtLoginItem is the checkbox in m.
func startAtLoginItem(m Menu) Item {
	for _, it := range m.Items {
		if it.Title == "Start at login" {
			return it
		}
	}
	return Item{}
}

// A click runs SetStartAtLogin with the state asked for; the menu then shows what the system
// says, read again by a Load, not a state the controller keeps.
func TestControllerStartAtLogin(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	system := false // the OS's record
	var asked []bool
	h := runController(t, Deps{
		Load: func(context.Context) (Snapshot, error) {
			mu.Lock()
			defer mu.Unlock()
			return Snapshot{Profiles: named("a"), StartAtLogin: LoginItem{Available: true, On: system}}, nil
		},
		SetStartAtLogin: func(_ context.Context, on bool) error {
			mu.Lock()
			defer mu.Unlock()
			asked = append(asked, on)
			system = on
			return nil
		},
	})
	checked := func(want bool) func(Menu) bool {
		return func(m Menu) bool { it := startAtLoginItem(m); return !it.Hidden && it.Checked == want }
	}
	m := h.until("unchecked", checked(false))
	h.send(startAtLoginItem(m).Action)
	m = h.until("checked", checked(true))
	h.send(startAtLoginItem(m).Action)
	h.until("unchecked again", checked(false))

	// Turned on behind the app's back (the session's settings, the CLI): the next Load shows it.
	mu.Lock()
	system = true
	mu.Unlock()
	h.reload <- struct{}{}
	h.until("checked after a reload", checked(true))
	h.quit()
	mu.Lock()
	defer mu.Unlock()
	if len(asked) != 2 || !asked[0] || asked[1] {
		t.Errorf("SetStartAtLogin calls = %v, want [true false]", asked)
	}
}

// A failure is a notification naming what failed.
func TestControllerStartAtLoginFailure(t *testing.T) {
	t.Parallel()
	notes := make(chan string, 10)
	h := runController(t, Deps{
		Load: func(context.Context) (Snapshot, error) {
			return Snapshot{Profiles: named("a"), StartAtLogin: LoginItem{Available: true}}, nil
		},
		SetStartAtLogin: func(context.Context, bool) error {
			return errors.New("write ~/.config/autostart: read-only file system")
		},
		Notify: func(title, body string) { notes <- title + ": " + body },
	})
	h.until("loaded", lineIs("a", "keys stored"))
	h.send(Action{Kind: SetStartAtLogin, On: true})
	if got, want := <-notes, "Couldn't change start at login: write ~/.config/autostart: read-only file system"; got != want {
		t.Errorf("notification %q, want %q", got, want)
	}
	h.quit()
}
