package tray

import (
	"context"
	"sync"
	"testing"
	"time"
)

func TestBuildKeyAgeAndRotate(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	s := State{Now: testNow, Profiles: []Profile{
		{Name: "old", HasKeys: true, KeyCreated: testNow.Add(-120 * day)},
		{Name: "young", HasKeys: true, KeyCreated: testNow.Add(-12 * day)},
		{Name: "unknown", HasKeys: true},
		{Name: "role", Via: "alice"},
	}}
	m := Build(s)

	old := find(t, m.Items, "old · keys ⚠")
	if got := find(t, old.Children, "Key 120 days old: rotate it ⚠"); !got.Disabled {
		t.Fatal("the age line is clickable")
	}
	rotate := find(t, old.Children, "Rotate keys…")
	if rotate.Action != (Action{Kind: RotateKeys, Profile: "old"}) {
		t.Fatalf("Rotate keys… does %+v", rotate.Action)
	}

	young := find(t, m.Items, "young · keys")
	find(t, young.Children, "Key 12 days old")
	find(t, young.Children, "Rotate keys…")

	unknown := find(t, m.Items, "unknown · keys")
	for _, it := range unknown.Children {
		if !it.Hidden && len(it.Title) > 4 && it.Title[:4] == "Key " {
			t.Fatalf("an age shows before it is known: %q", it.Title)
		}
	}
	find(t, unknown.Children, "Rotate keys…")

	role := find(t, m.Items, "role · via alice")
	if has(role.Children, "Rotate keys…") {
		t.Fatal("a profile without stored keys offers Rotate keys…")
	}
	// Every profile submenu has the same shape, so the tray can update them in place.
	if len(role.Children) != len(old.Children) {
		t.Fatalf("submenus of %d and %d items", len(role.Children), len(old.Children))
	}
}

// fakeAges is a KeyAge that counts its calls per profile and answers from created and
// accounts.
type fakeAges struct {
	mu       sync.Mutex
	calls    map[string]int
	created  map[string]time.Time
	accounts map[string]string
	err      error
}

func (f *fakeAges) keyAge(_ context.Context, a Action) (KeyInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[a.Profile]++
	return KeyInfo{Created: f.created[a.Profile], Account: f.accounts[a.Profile]}, f.err
}

func (f *fakeAges) count(profile string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[profile]
}

// clock is a settable Now for the controller.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func ageLine(m Menu, name string) string {
	for _, it := range m.Items {
		if len(it.Children) > 1 && nameOf(it.Title) == name && !it.Children[1].Hidden {
			return it.Children[1].Title
		}
	}
	return ""
}

func TestControllerFetchesKeyAgesWhenOpenedOnceADay(t *testing.T) {
	t.Parallel()
	clk := &clock{now: testNow}
	ages := &fakeAges{calls: map[string]int{}, created: map[string]time.Time{"alice": testNow.Add(-100 * 24 * time.Hour)}}
	opened := make(chan struct{})
	notes := &recorder{}
	h := runController(t, Deps{
		Load: func(context.Context) (Snapshot, error) {
			return Snapshot{Profiles: []Profile{{Name: "alice", HasKeys: true}, {Name: "admin", Via: "alice"}}}, nil
		},
		KeyAge: ages.keyAge, Opened: opened, Now: clk.Now, Notify: notes.notify,
	})
	h.until("profiles", lineIs("alice", "keys stored"))
	if ages.count("alice") != 0 {
		t.Fatal("key age fetched before the menu opened")
	}
	opened <- struct{}{}
	h.until("the age", func(m Menu) bool { return ageLine(m, "alice") == "Key 100 days old: rotate it ⚠" })

	clk.advance(23 * time.Hour)
	opened <- struct{}{}
	h.reload <- struct{}{} // the loop has handled the opening once it takes this
	if n := ages.count("alice"); n != 1 || ages.count("admin") != 0 {
		t.Fatalf("KeyAge called %d times for alice, %d for admin; want once, and never without keys", n, ages.count("admin"))
	}
	// Rotated elsewhere (the aws-vault CLI): the menu learns it with the next day's fetch.
	ages.mu.Lock()
	ages.created["alice"] = testNow.Add(-50 * 24 * time.Hour)
	ages.mu.Unlock()
	clk.advance(2 * time.Hour)
	opened <- struct{}{}
	h.until("the age a day later", func(m Menu) bool { return ageLine(m, "alice") == "Key 51 days old" })
	if n := ages.count("alice"); n != 2 {
		t.Fatalf("KeyAge called %d times after a day, want 2", n)
	}
	h.quit()
	if len(notes.get()) != 0 {
		t.Fatalf("notified %q", notes.get())
	}
}

// headerOf is the account line of a profile's submenu, "" while hidden.
func headerOf(m Menu, name string) (line string, copyAction Action) {
	for _, it := range m.Items {
		if len(it.Children) > 3 && nameOf(it.Title) == name && !it.Children[2].Hidden {
			return it.Children[2].Title, it.Children[3].Action
		}
	}
	return "", Action{}
}

// The fetch that brings a key's age brings its user's account too: the keys profile and a
// profile over it with no account of its own show and copy it; a role keeps its own.
func TestControllerKeyAccountWhenOpened(t *testing.T) {
	t.Parallel()
	ages := &fakeAges{calls: map[string]int{}, created: map[string]time.Time{},
		accounts: map[string]string{"alice": "111111111111"}}
	opened := make(chan struct{})
	h := runController(t, Deps{
		Load: func(context.Context) (Snapshot, error) {
			return Snapshot{Profiles: []Profile{{Name: "alice", HasKeys: true}, {Name: "mfa", Via: "alice", NeedsMFA: true},
				{Name: "admin", Via: "alice", Account: "222222222222", Role: "Admin"}}}, nil
		},
		KeyAge: ages.keyAge, Opened: opened,
	})
	m := h.until("profiles", lineIs("alice", "keys stored"))
	if line, _ := headerOf(m, "alice"); line != "" {
		t.Fatalf("alice's header shows %q before the menu opened", line)
	}
	opened <- struct{}{}
	m = h.until("alice's account", func(m Menu) bool { line, _ := headerOf(m, "alice"); return line == "Account 111111111111" })
	if line, act := headerOf(m, "mfa"); line != "Account 111111111111" || act != (Action{Kind: CopyAccountID, Profile: "mfa", Account: "111111111111"}) {
		t.Errorf("mfa over alice: header %q, copy %+v", line, act)
	}
	if line, act := headerOf(m, "admin"); line != "Account 222222222222 · role Admin" || act.Account != "222222222222" {
		t.Errorf("admin: header %q, copy %+v", line, act)
	}
	h.quit()
	if n := ages.count("mfa") + ages.count("admin"); n != 0 {
		t.Errorf("KeyAge called %d times for profiles without keys", n)
	}
}

func TestInheritKeyAccounts(t *testing.T) {
	t.Parallel()
	ps := []Profile{
		{Name: "session", Via: "mfa"}, // two hops to the keys
		{Name: "mfa", Via: "alice", NeedsMFA: true},
		{Name: "alice", HasKeys: true, KeyAccount: "111111111111"},
		{Name: "role", Via: "alice", Role: "Admin"}, // a role whose ARN gave no account is not alice's account
		{Name: "over-role", Via: "role"},
		{Name: "sso", Via: "SSO"},
		{Name: "bob", HasKeys: true}, // not fetched yet
		{Name: "via-bob", Via: "bob"},
		{Name: "loop-a", Via: "loop-b"}, {Name: "loop-b", Via: "loop-a"},
	}
	inheritKeyAccounts(ps)
	want := map[string]string{"session": "111111111111", "mfa": "111111111111", "alice": "111111111111"}
	for _, p := range ps {
		if p.KeyAccount != want[p.Name] {
			t.Errorf("%s: KeyAccount %q, want %q", p.Name, p.KeyAccount, want[p.Name])
		}
	}
}

func TestKeyAgeDue(t *testing.T) {
	t.Parallel()
	now := testNow
	for _, tc := range []struct {
		name string
		k    keyAge
		want bool
	}{
		{"never fetched", keyAge{}, true},
		{"running", keyAge{inFlight: true, tried: now.Add(-2 * time.Hour)}, false},
		{"fetched 23 hours ago", keyAge{fetched: now.Add(-23 * time.Hour), tried: now.Add(-23 * time.Hour)}, false},
		{"fetched 25 hours ago", keyAge{fetched: now.Add(-25 * time.Hour), tried: now.Add(-25 * time.Hour)}, true},
		{"failed 10 minutes ago", keyAge{tried: now.Add(-10 * time.Minute)}, false},
		{"failed 61 minutes ago", keyAge{tried: now.Add(-61 * time.Minute)}, true},
	} {
		if got := tc.k.due(now); got != tc.want {
			t.Errorf("%s: due = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestControllerRotateKeysResetsTheAge(t *testing.T) {
	t.Parallel()
	ages := &fakeAges{calls: map[string]int{}, created: map[string]time.Time{"alice": testNow.Add(-200 * 24 * time.Hour)}}
	opened := make(chan struct{})
	rotated := make(chan Action, 1)
	h := runController(t, Deps{Load: staticLoad("alice"), KeyAge: ages.keyAge, Opened: opened,
		RotateKeys: func(_ context.Context, a Action) error { rotated <- a; return nil }})
	h.until("profiles", lineIs("alice", "keys stored"))
	opened <- struct{}{}
	h.until("the old age", func(m Menu) bool { return ageLine(m, "alice") == "Key 200 days old: rotate it ⚠" })
	h.send(Action{Kind: RotateKeys, Profile: "alice"})
	h.until("the new key's age", func(m Menu) bool { return ageLine(m, "alice") == "Key created today" })
	if a := <-rotated; a.Profile != "alice" {
		t.Fatalf("rotated %+v", a)
	}
	h.quit()
}
