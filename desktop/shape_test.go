package desktop

import (
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/tray"
)

func TestSameShape(t *testing.T) {
	t.Parallel()
	open := tray.Action{Kind: tray.OpenConsole, Profile: "dev"}
	base := func() []tray.Item {
		return []tray.Item{
			{Title: "dev", Children: []tray.Item{
				{Title: "keys stored", Disabled: true},
				{Title: "Open console", Action: open},
				{Title: "ECS server", Checkable: true, Action: open},
			}},
			{Separator: true},
			{Title: "prod", Children: []tray.Item{{Title: "Open console", Action: open}}},
			{Title: "Quit", Action: tray.Action{Kind: tray.Quit}},
		}
	}
	tests := []struct {
		name   string
		change func([]tray.Item) []tray.Item
		same   bool
	}{
		{"titles, states and actions", func(m []tray.Item) []tray.Item {
			m[0].Title, m[0].Children[0].Title, m[0].Children[1].Disabled = "dev …", "Signing in…", true
			m[0].Children[2].Checked, m[0].Children[2].Action = true, tray.Action{Kind: tray.StopServer, Profile: "dev"}
			m[2].Tooltip = "session until 14:00"
			return m
		}, true},
		{"an item more", func(m []tray.Item) []tray.Item { return append(m, tray.Item{Title: "About"}) }, false},
		{"a child moved to another submenu", func(m []tray.Item) []tray.Item {
			m[2].Children = append(m[2].Children, m[0].Children[2])
			m[0].Children = m[0].Children[:2]
			return m
		}, false},
		{"a separator in an item's place", func(m []tray.Item) []tray.Item {
			m[3] = tray.Item{Separator: true}
			return m
		}, false},
		{"a checkbox no longer", func(m []tray.Item) []tray.Item { m[0].Children[2].Checkable = false; return m }, false},
		{"a line becomes clickable", func(m []tray.Item) []tray.Item { m[0].Children[0].Action = open; return m }, false},
	}
	for _, tt := range tests {
		a, b := base(), tt.change(base())
		fa, fb := flatten(nil, a), flatten(nil, b)
		if got := sameShape(fa, fb); got != tt.same {
			t.Errorf("%s: sameShape = %v, want %v", tt.name, got, tt.same)
		}
		if tt.same && len(actionsOf(fa)) != len(actionsOf(fb)) {
			t.Errorf("%s: same shape but %d and %d actions", tt.name, len(actionsOf(fa)), len(actionsOf(fb)))
		}
	}
}

func TestActionsOfFollowsAddOrder(t *testing.T) {
	t.Parallel()
	a1, a2, a3 := tray.Action{Kind: tray.OpenConsole, Profile: "a"}, tray.Action{Kind: tray.CopyEnv, Profile: "a"}, tray.Action{Kind: tray.Quit}
	items := []tray.Item{
		{Title: "a", Children: []tray.Item{{Title: "x", Action: a1}, {Separator: true}, {Title: "y", Action: a2}}},
		{Title: "line", Disabled: true},
		{Title: "Quit", Action: a3},
	}
	got := actionsOf(flatten(nil, items))
	if len(got) != 3 || got[0] != a1 || got[1] != a2 || got[2] != a3 {
		t.Errorf("actionsOf = %+v, want depth-first order", got)
	}
}

// What the app's own actions change in a profile keeps tray.Build's menu in one shape, so
// the adapter applies it in place: a server starting, a profile turning busy, a session.
func TestBuildKeepsShapeAcrossStates(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)
	idle := tray.Profile{Name: "dev", HasKeys: true, Region: "eu-west-1"}
	states := map[string]tray.Profile{"idle": idle}
	serving, busy, session := idle, idle, idle
	serving.Server = &tray.Server{Kind: "ecs", Addr: "127.0.0.1:4567"}
	busy.Busy = "Signing in to dev…"
	session.SessionUntil = now.Add(time.Hour)
	states["serving"], states["busy"], states["session"] = serving, busy, session
	shape := func(p tray.Profile) []*tray.Item {
		return flatten(nil, tray.Build(tray.State{Now: now, Profiles: []tray.Profile{p, {Name: "prod"}}}).Items)
	}
	for name, p := range states {
		if !sameShape(shape(idle), shape(p)) {
			t.Errorf("%s: the menu changed shape from idle", name)
		}
	}
	// An action of no profile running (Add credentials…) shows its cancel line in place too:
	// a rebuild would renumber every item, and a click sent with an old id is lost.
	adding := flatten(nil, tray.Build(tray.State{Now: now, Profiles: []tray.Profile{idle, {Name: "prod"}}, Busy: "Adding credentials ⟳"}).Items)
	if !sameShape(shape(idle), adding) {
		t.Errorf("adding credentials: the menu changed shape from idle")
	}
}
