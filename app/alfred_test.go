package app

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAlfredList(t *testing.T) {
	doc := AlfredList([]AlfredProfile{
		{Name: "prod-admin", Status: "session valid until 14:05"},
		{Name: "team a & b", Status: "keys stored"},
		{Name: "café", Status: ""},
		{Name: "a/b", Status: "keys stored"},
	})
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	// What Alfred reads: the JSON, not the Go values.
	var got struct {
		Items []struct {
			UID, Title, Subtitle, Arg, Autocomplete, Match string
			Valid                                          *bool
			Mods                                           map[string]struct {
				Valid         bool
				Arg, Subtitle string
			}
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 4 {
		t.Fatalf("%d items, want 4: %s", len(got.Items), b)
	}
	wantMods := map[string]string{"cmd": ActionCopyEnv, "alt": ActionCopyConsoleURL, "ctrl": ActionServe}
	for i, name := range []string{"prod-admin", "team a & b", "café"} {
		it := got.Items[i]
		if it.UID != name || it.Title != name || it.Autocomplete != name || it.Valid == nil || !*it.Valid {
			t.Errorf("item %d = %+v, want uid, title and autocomplete %q, valid", i, it, name)
		}
		if l, err := ParseLink(it.Arg); err != nil || l != (Link{Action: ActionConsole, Profile: name}) {
			t.Errorf("%s: arg %q parses to %+v, %v; want the console link", name, it.Arg, l, err)
		}
		if len(it.Mods) != len(wantMods) {
			t.Errorf("%s: mods %v, want cmd, alt and ctrl", name, it.Mods)
		}
		for mod, action := range wantMods {
			m := it.Mods[mod]
			l, err := ParseLink(m.Arg)
			if err != nil || l.Action != action || l.Profile != name || !m.Valid || !strings.Contains(m.Subtitle, name) {
				t.Errorf("%s: %s = %+v parses to %+v, %v; want a valid %s link naming the profile", name, mod, m, l, err, action)
			}
		}
	}
	if s := got.Items[0].Subtitle; s != "session valid until 14:05 · ↩ console · ⌘ copy env · ⌥ console URL · ⌃ server" {
		t.Errorf("subtitle %q", s)
	}
	if s := got.Items[2].Subtitle; !strings.HasPrefix(s, "↩ console") {
		t.Errorf("subtitle without a status %q", s)
	}
	if m := got.Items[0].Match; !strings.Contains(m, "prod admin") {
		t.Errorf("match %q: the word admin would not find prod-admin", m)
	}
	bad := got.Items[3]
	if bad.Valid == nil || *bad.Valid || bad.Arg != "" || len(bad.Mods) != 0 || !strings.Contains(bad.Subtitle, "contains /") {
		t.Errorf("a name no link can carry: %+v; want an item that is not valid, says why, and has no arg", bad)
	}
}

func TestAlfredListEmpty(t *testing.T) {
	doc := AlfredList(nil)
	if len(doc.Items) != 1 || doc.Items[0].Valid || !strings.Contains(doc.Items[0].Subtitle, "vaultbar add") {
		t.Errorf("no profiles: %+v; want one item that is not valid, saying how to add one", doc)
	}
}
