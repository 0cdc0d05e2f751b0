package tray

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// chosen maps each profile a ChooseAction item reaches to the titles of the submenus on the
// way, top first.
func chosen(items []Item, path []string, into map[string][][]string) map[string][][]string {
	for _, it := range items {
		if it.Hidden {
			continue
		}
		if it.Action.Kind == ChooseAction || it.Action.Kind == CancelBusy && !it.Disabled { // a busy profile's item cancels
			into[it.Action.Profile] = append(into[it.Action.Profile], slices.Clone(path))
		}
		if len(it.Children) > 0 {
			chosen(it.Children, append(path, it.Title), into)
		}
	}
	return into
}

// maxLevel is the longest grouping level (in entries a user sees) under items; a recent
// profile's own submenu is not one.
func maxLevel(items []Item) int {
	n := visible(items)
	for _, it := range items {
		if !slices.ContainsFunc(it.Children, func(c Item) bool { return c.Action.Kind == OpenConsole }) {
			n = max(n, maxLevel(it.Children))
		}
	}
	return n
}

func TestBuildLargeConfigGroupsByAccount(t *testing.T) {
	t.Parallel()
	ps := []Profile{
		{Name: "alice", HasKeys: true},                                   // a source: a group of its own
		{Name: "alice-prod", Via: "alice", Account: "111111111111"},      // account 1 …
		{Name: "alice-dev", Via: "alice", Account: "222222222222"},       // alone in its account
		{Name: "prod", Via: "SSO", Account: "111111111111"},              // … names account 1 (shortest)
		{Name: "qa/one", HasKeys: true}, {Name: "qa/two", HasKeys: true}, // a name prefix
		{Name: "lonely", HasKeys: true},
	}
	for i := range 14 {
		ps = append(ps, Profile{Name: fmt.Sprintf("team-%02d", i), Via: "SSO", Account: fmt.Sprintf("3000000000%02d", i%2)})
	}
	s := State{Profiles: ps, Recent: []string{"qa/two", "gone", "lonely"}}
	m := Build(s)

	top := titles(m.Items)
	want := []string{"Find profile…", "---", "Recent", "qa/two · keys"}
	if !slices.Equal(top[:4], want) || m.Items[0].Action.Kind != FindProfile {
		t.Fatalf("top level starts %q, want %q then Recent", top, want[:3])
	}
	got := chosen(m.Items, nil, map[string][][]string{})
	where := func(name string) []string {
		var out []string
		for _, p := range got[name] {
			out = append(out, strings.Join(p, " › "))
		}
		return out
	}
	for name, want := range map[string][]string{
		"alice":      {"alice"},
		"alice-prod": {"alice", "prod"},
		"alice-dev":  {"alice", ""},
		"prod":       {"prod"},
		"qa/one":     {"qa"},
		"qa/two":     {"qa"},
		"lonely":     {""},
		"team-00":    {"team-00"},
		"team-01":    {"team-01"},
		"team-02":    {"team-00"},
	} {
		if g := where(name); !slices.Equal(g, want) {
			t.Errorf("%s is reached through %q, want %q", name, g, want)
		}
	}
	if it := find(t, m.Items, "prod"); it.Tooltip != "AWS account 111111111111" {
		t.Errorf("account group's tooltip = %q", it.Tooltip)
	}
	if first := find(t, m.Items, "alice").Children[0]; first.Action.Profile != "alice" {
		t.Errorf("alice's group starts with %q, want alice herself", first.Title)
	}
}

// A config of many accounts with one profile or two each still has a short top level:
// consecutive groups go into range submenus, and every profile stays reachable.
func TestBuildLargeConfigSplitsIntoRanges(t *testing.T) {
	t.Parallel()
	for _, n := range []int{300, 1000, 5000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			s := benchState(n)
			for i := range s.Profiles {
				s.Profiles[i].Account = fmt.Sprintf("%012d", i/2) // every pair its own account
			}
			m := Build(s)
			if v := visible(m.Items); v > maxTopLevel {
				t.Errorf("top level has %d entries, want at most %d: %q", v, maxTopLevel, titles(m.Items))
			}
			if l := maxLevel(m.Items); l > maxMenuEntries {
				t.Errorf("a submenu has %d entries, want at most %d", l, maxMenuEntries)
			}
			got := chosen(m.Items, nil, map[string][][]string{})
			for _, p := range s.Profiles {
				if len(got[p.Name]) == 0 {
					t.Fatalf("%s is not reachable", p.Name)
				}
			}
			if !has(m.Items, "Quit") || !has(m.Items, "Add credentials…") {
				t.Errorf("global items missing: %q", titles(m.Items))
			}
		})
	}
}

func TestFindRowsListEveryProfileWithItsState(t *testing.T) {
	t.Parallel()
	s := State{Now: testNow, Profiles: []Profile{
		{Name: "alice", HasKeys: true},
		{Name: "web", Via: "alice", Server: &Server{Kind: "ecs", Addr: "127.0.0.1:9"}},
	}}
	rows := FindRows(s)
	if len(rows) != 2 || rows[0].Profile != "alice" || !strings.HasPrefix(rows[0].Label, "alice ") ||
		!strings.Contains(rows[0].Label, stateLine(&s.Profiles[0], s)) || rows[0].Serving || !rows[1].Serving {
		t.Errorf("FindRows = %+v", rows)
	}
}
