package tray

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// The top-level label says a profile's state without opening it; it depends on the State
// and its Now only.
func TestProfileLabels(t *testing.T) {
	t.Parallel()
	const fs = "\u2007"
	srv := &Server{Kind: "ecs", Addr: "127.0.0.1:4567"}
	in := func(d time.Duration) time.Time { return testNow.Add(d) }
	alice := Profile{Name: "alice", HasKeys: true, NeedsMFA: true}
	bob := Profile{Name: "bob", HasKeys: true}
	tests := []struct {
		name   string
		others []Profile // the profile tested comes first
		p      Profile
		want   string
	}{
		{"session_minutes", nil, Profile{Name: "alice", HasKeys: true, SessionUntil: in(42*time.Minute + 59*time.Second)}, "alice · 42 min"},
		{"session_one_digit_keeps_width", nil, Profile{Name: "alice", HasKeys: true, SessionUntil: in(7 * time.Minute)}, "alice · " + fs + "7 min"},
		{"session_hours", nil, Profile{Name: "alice", HasKeys: true, SessionUntil: in(11*time.Hour + 58*time.Minute)}, "alice · 11 h 58"},
		{"session_last_minute", nil, Profile{Name: "alice", HasKeys: true, SessionUntil: in(30 * time.Second)}, "alice · <1 min"},
		{"session_expired_needs_mfa", nil, Profile{Name: "alice", HasKeys: true, NeedsMFA: true, SessionUntil: in(-time.Minute)}, "alice · needs MFA"},
		{"keys_no_mfa", nil, bob, "bob · keys"},
		{"role_ready_via_keys", []Profile{bob}, Profile{Name: "bob-admin", Via: "bob"}, "bob-admin · ready via bob"},
		{"role_ready_via_session", []Profile{{Name: "alice", HasKeys: true, NeedsMFA: true, SessionUntil: in(time.Hour)}},
			Profile{Name: "admin", Via: "alice", NeedsMFA: true}, "admin · ready via alice"},
		{"role_needs_mfa", []Profile{alice}, Profile{Name: "admin", Via: "alice"}, "admin · needs MFA"},
		{"role_own_mfa", []Profile{bob}, Profile{Name: "admin", Via: "bob", NeedsMFA: true}, "admin · needs MFA"},
		{"role_source_without_credentials", []Profile{{Name: "nokeys"}}, Profile{Name: "r", Via: "nokeys"}, "r · via nokeys"},
		{"sso", nil, Profile{Name: "sso-dev", Via: "SSO"}, "sso-dev · via SSO"},
		{"no_credentials", nil, Profile{Name: "x"}, "x · no credentials"},
		{"server", nil, Profile{Name: "web", HasKeys: true, Server: srv}, "web · server"},
		{"server_own_session_ends", nil, Profile{Name: "web", HasKeys: true, NeedsMFA: true, Server: srv, SessionUntil: in(8 * time.Minute)}, "web · server ⚠"},
		{"server_source_session_ends", []Profile{{Name: "alice", HasKeys: true, NeedsMFA: true, SessionUntil: in(10 * time.Minute)}},
			Profile{Name: "web", Via: "alice", Server: srv}, "web · server ⚠"},
		{"server_session_far", []Profile{{Name: "alice", HasKeys: true, NeedsMFA: true, SessionUntil: in(11 * time.Minute)}},
			Profile{Name: "web", Via: "alice", Server: srv}, "web · server"},
		{"server_no_mfa_never_prompts", nil, Profile{Name: "web", HasKeys: true, Server: srv, SessionUntil: in(5 * time.Minute)}, "web · server"},
		{"busy_wins", nil, Profile{Name: "web", Server: srv, Busy: "Copying ⟳"}, "web ⟳"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := State{Now: testNow, Profiles: append([]Profile{tt.p}, tt.others...)}
			if got := Build(s).Items[0].Title; got != tt.want {
				t.Errorf("label = %q, want %q", got, tt.want)
			}
		})
	}
}

// The submenu's header names the account, role and region, and copies the account ID; a
// profile with keys has no account in the config, and those lines hide (same shape).
func TestProfileHeader(t *testing.T) {
	t.Parallel()
	m := Build(State{Now: testNow, Profiles: []Profile{
		{Name: "admin", Via: "SSO", Account: "123456789012", Role: "Admin", Region: "eu-west-1"},
		{Name: "bob", HasKeys: true},
	}})
	admin, bob := m.Items[0].Children, m.Items[1].Children
	if it := find(t, admin, "Account 123456789012 · role Admin · eu-west-1"); !it.Disabled {
		t.Error("the header line is clickable")
	}
	if it := find(t, admin, "Copy account ID"); it.Action != (Action{Kind: CopyAccountID, Profile: "admin", Account: "123456789012"}) {
		t.Errorf("Copy account ID does %+v", it.Action)
	}
	if has(bob, "Copy account ID") || len(bob) != len(admin) {
		t.Errorf("bob's submenu = %q, want the account lines hidden and the same shape", titles(bob))
	}
	if got := headerLine(&Profile{Region: "us-east-1"}); got != "us-east-1" {
		t.Errorf("a region alone reads %q", got)
	}
}

// A server whose MFA session ends within 10 minutes notifies once per session end, and again
// for a renewed session when its end nears.
func TestControllerWarnsOnceBeforeAServersSessionEnds(t *testing.T) {
	t.Parallel()
	var rec recorder
	var mu sync.Mutex
	now := testNow
	until := testNow.Add(30 * time.Minute)
	noted := make(chan struct{}, 10)
	h := runController(t, Deps{
		Load: func(context.Context) (Snapshot, error) {
			mu.Lock()
			defer mu.Unlock()
			return Snapshot{Profiles: []Profile{{Name: "alice", HasKeys: true, NeedsMFA: true, SessionUntil: until}}}, nil
		},
		Now:         func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
		Notify:      func(title, body string) { rec.notify(title, body); noted <- struct{}{} },
		StartServer: func(context.Context, Action) (Server, error) { return Server{Kind: "ecs", Addr: "127.0.0.1:9"}, nil },
		StopServer:  func(context.Context, string) error { return nil },
	})
	h.until("loaded", lineIs("alice", "session until 14:30"))
	h.send(Action{Kind: StartServer, Profile: "alice", Server: "ecs"})
	h.until("serving", func(m Menu) bool { return m.Items[0].Title == "alice · server" })
	advance := func(d time.Duration) {
		mu.Lock()
		now = now.Add(d)
		mu.Unlock()
		h.tick <- now
	}
	advance(21 * time.Minute) // 9 minutes left
	h.until("the warning", func(m Menu) bool { return m.Items[0].Title == "alice · server ⚠" })
	advance(time.Minute)
	advance(time.Minute)
	h.until("8 then 7 minutes left", lineIs("alice", "server on 127.0.0.1:9 ⚠ session of alice ends in 7 min"))
	waitNote(t, noted)
	mu.Lock()
	until = now.Add(time.Hour) // signed in again
	mu.Unlock()
	advance(51 * time.Minute)
	h.until("the renewed session's warning", func(m Menu) bool { return m.Items[0].Title == "alice · server ⚠" })
	waitNote(t, noted)
	notes := rec.get()
	if !strings.Contains(notes[0], "Session of alice ends in 9 min") || !strings.Contains(notes[0], "MFA code") {
		t.Errorf("notification = %q", notes[0])
	}
	h.quit()
	if n := rec.get(); len(n) != 2 {
		t.Errorf("notifications = %q, want one per session", n)
	}
}

// waitNote waits for the next notification (Notify runs off the loop).
func waitNote(t *testing.T, noted <-chan struct{}) {
	t.Helper()
	select {
	case <-noted:
	case <-time.After(waitLimit):
		t.Fatal("no notification")
	}
}
