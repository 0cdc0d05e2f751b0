package tray

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// harness runs a Controller with fake channels; menus receives every render.
type harness struct {
	t       *testing.T
	actions chan Action
	reload  chan struct{}
	tick    chan time.Time
	menus   chan Menu
	renders atomic.Int32
	done    chan error
	cancel  context.CancelFunc
}

// waitLimit only bounds a broken test; no test waits on time to synchronise.
const waitLimit = 10 * time.Second

func runController(t *testing.T, d Deps) *harness {
	t.Helper()
	h := &harness{
		t:       t,
		actions: make(chan Action),
		reload:  make(chan struct{}),
		tick:    make(chan time.Time),
		menus:   make(chan Menu, 1000),
		done:    make(chan error, 1),
	}
	d.Tick = h.tick
	if d.Now == nil {
		d.Now = func() time.Time { return testNow }
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	t.Cleanup(cancel)
	c := NewController(d, "v1")
	go func() {
		h.done <- c.Run(ctx, h.actions, h.reload, func(m Menu) {
			h.renders.Add(1)
			h.menus <- m
		})
	}()
	return h
}

func (h *harness) send(a Action) {
	h.t.Helper()
	select {
	case h.actions <- a:
	case <-time.After(waitLimit):
		h.t.Fatalf("controller did not take %+v", a)
	}
}

// until reads renders until one satisfies ok, and returns it.
func (h *harness) until(what string, ok func(Menu) bool) Menu {
	h.t.Helper()
	timeout := time.After(waitLimit)
	for {
		select {
		case m := <-h.menus:
			if ok(m) {
				return m
			}
		case <-timeout:
			h.t.Fatalf("no render with %s", what)
		}
	}
}

func (h *harness) quit() {
	h.t.Helper()
	h.send(Action{Kind: Quit})
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Fatalf("Run = %v, want nil", err)
		}
	case <-time.After(waitLimit):
		h.t.Fatal("Run did not return after Quit")
	}
}

// line is the state line of profile name in a small config's menu, "" when absent.
func line(m Menu, name string) string {
	for _, it := range m.Items {
		if len(it.Children) > 0 && (it.Title == name || strings.HasPrefix(it.Title, name+" ")) {
			return it.Children[0].Title
		}
	}
	return ""
}

// nameOf is the profile name in a title: the text before its state (" · …", " …").
func nameOf(title string) string {
	name, _, _ := strings.Cut(title, " · ")
	return strings.TrimSuffix(name, " …")
}

func lineIs(name, want string) func(Menu) bool {
	return func(m Menu) bool { return line(m, name) == want }
}

// recentOf lists the Recent section of a large config's menu.
func recentOf(m Menu) []string {
	var out []string
	for i, it := range m.Items {
		if it.Title == "Recent" && it.Disabled {
			for _, r := range m.Items[i+1:] {
				if r.Separator {
					break
				}
				out = append(out, nameOf(r.Title))
			}
		}
	}
	return out
}

func staticLoad(names ...string) func(context.Context) (Snapshot, error) {
	return func(context.Context) (Snapshot, error) {
		return Snapshot{Profiles: named(names...)}, nil
	}
}

// recorder collects notifications.
type recorder struct {
	mu    sync.Mutex
	notes []string
}

func (r *recorder) notify(title, body string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notes = append(r.notes, title+": "+body)
}

func (r *recorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.notes)
}

func TestControllerLoadsAndRenders(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := runController(t, Deps{Load: func(ctx context.Context) (Snapshot, error) {
		<-release
		return Snapshot{Profiles: named("prod")}, nil
	}})
	first := h.until("the loading line", func(m Menu) bool { return m.Items[0].Title == loadingLine })
	if !first.Items[0].Disabled {
		t.Error("loading line is enabled")
	}
	close(release)
	h.until("prod loaded", lineIs("prod", "keys stored"))
	h.quit()
}

func TestControllerFirstMenuWaitsForAFastLoad(t *testing.T) {
	t.Parallel()
	h := runController(t, Deps{Load: staticLoad("prod"), FirstLoadWait: time.Hour})
	select {
	case m := <-h.menus:
		if line(m, "prod") != "keys stored" {
			t.Errorf("first menu %q, want prod loaded (no loading line first)", titles(m.Items))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no menu rendered")
	}
	h.quit()
}

func TestControllerLoadFailureIsProblem(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	h := runController(t, Deps{Load: func(ctx context.Context) (Snapshot, error) {
		if calls.Add(1) == 1 {
			return Snapshot{Profiles: named("prod")}, nil
		}
		return Snapshot{}, errors.New("~/.aws/config line 3: bad section; fix the file and it reloads")
	}})
	h.until("prod loaded", lineIs("prod", "keys stored"))
	h.reload <- struct{}{}
	m := h.until("the problem", func(m Menu) bool { return strings.HasPrefix(m.Items[0].Title, "~/.aws/config line 3") })
	if line(m, "prod") != "keys stored" {
		t.Errorf("a failed reload dropped the profiles: %q", titles(m.Items))
	}
	h.quit()
}

func TestControllerClickShowsBusyUntilDone(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	started, release := make(chan Action, 10), make(chan struct{})
	h := runController(t, Deps{
		Load: staticLoad("prod", "dev"),
		OpenConsole: func(ctx context.Context, a Action) error {
			calls.Add(1)
			started <- a
			<-release
			return nil
		},
	})
	h.until("prod loaded", lineIs("prod", "keys stored"))
	click := Action{Kind: OpenConsole, Profile: "prod", Region: "eu-west-1"}
	h.send(click)
	if got := <-started; got != click {
		t.Errorf("effect got %+v, want %+v", got, click)
	}
	m := h.until("prod busy", lineIs("prod", "Cancel signing in to prod ⟳"))
	if m.Icon != IconBusy || line(m, "dev") != "keys stored" {
		t.Errorf("busy menu: icon %v, dev %q", m.Icon, line(m, "dev"))
	}
	close(release)
	m = h.until("prod idle", lineIs("prod", "keys stored"))
	if m.Icon != IconIdle {
		t.Errorf("icon = %v after the effect, want idle", m.Icon)
	}
	h.quit()
	if n := calls.Load(); n != 1 {
		t.Errorf("effect ran %d times, want 1", n)
	}
}

// A failure is notified with the text Describe gives its error (main adds the hint there).
func TestControllerFailureNotifies(t *testing.T) {
	t.Parallel()
	var rec recorder
	h := runController(t, Deps{
		Load:     staticLoad("prod"),
		Notify:   rec.notify,
		Describe: func(err error) string { return err.Error() + "; add keys with Add credentials…" },
		CopyEnv: func(ctx context.Context, a Action) error {
			return errors.New("no credentials for prod")
		},
	})
	h.until("prod loaded", lineIs("prod", "keys stored"))
	h.send(Action{Kind: CopyEnv, Profile: "prod", Format: "export"})
	h.until("prod busy", lineIs("prod", "Cancel copying ⟳"))
	h.until("prod idle", lineIs("prod", "keys stored"))
	h.quit()
	want := []string{"Couldn't copy env for prod: no credentials for prod; add keys with Add credentials…"}
	if got := rec.get(); !slices.Equal(got, want) {
		t.Errorf("notifications = %q, want %q", got, want)
	}
}

func TestControllerCancelIsSilent(t *testing.T) {
	t.Parallel()
	errCancelled := errors.New("dialog cancelled")
	var rec recorder
	h := runController(t, Deps{
		Load:              staticLoad("prod"),
		Notify:            rec.notify,
		IsCancel:          func(err error) bool { return errors.Is(err, errCancelled) },
		RemoveCredentials: func(ctx context.Context, a Action) error { return fmt.Errorf("confirm: %w", errCancelled) },
	})
	h.until("prod loaded", lineIs("prod", "keys stored"))
	h.send(Action{Kind: RemoveCredentials, Profile: "prod"})
	h.until("prod busy", lineIs("prod", "Cancel removing credentials ⟳"))
	h.until("prod idle", lineIs("prod", "keys stored"))
	h.quit()
	if got := rec.get(); len(got) != 0 {
		t.Errorf("notifications = %q, want none", got)
	}
}

func TestControllerMissingEffectNotifies(t *testing.T) {
	t.Parallel()
	notes := make(chan string, 10)
	h := runController(t, Deps{Load: staticLoad("prod"), Notify: func(title, body string) { notes <- title + ": " + body }})
	h.until("prod loaded", lineIs("prod", "keys stored"))
	h.send(Action{Kind: OpenConfigFile})
	h.send(Action{Kind: CopyConsoleURL, Profile: "prod"})
	got := []string{<-notes, <-notes}
	slices.Sort(got)
	want := []string{
		"Couldn't copy the console URL for prod: not available in this build",
		"Couldn't open the config file: not available in this build",
	}
	if !slices.Equal(got, want) {
		t.Errorf("notifications = %q, want %q", got, want)
	}
	h.quit()
}

func TestControllerServersAndQuit(t *testing.T) {
	t.Parallel()
	var (
		mu      sync.Mutex
		stopped []string
		port    atomic.Int32
	)
	lateStart := make(chan struct{})
	h := runController(t, Deps{
		Load: staticLoad("a", "b", "c", "late"),
		StartServer: func(ctx context.Context, a Action) (Server, error) {
			if a.Profile == "late" { // still starting when Quit comes, and starts anyway
				close(lateStart)
				<-ctx.Done()
			}
			return Server{Kind: a.Server, Addr: fmt.Sprintf("127.0.0.1:%d", 4000+port.Add(1))}, nil
		},
		StopServer: func(ctx context.Context, profile string) error {
			mu.Lock()
			defer mu.Unlock()
			stopped = append(stopped, profile)
			return nil
		},
	})
	h.until("loaded", lineIs("a", "keys stored"))
	for _, p := range []string{"a", "b", "c"} {
		h.send(Action{Kind: StartServer, Profile: p, Server: "ecs"})
	}
	m := h.until("three servers", func(m Menu) bool { return m.Tooltip == "Vaultbar: 3 servers running" })
	if m.Icon != IconServing || !strings.HasPrefix(line(m, "a"), "server on 127.0.0.1:400") {
		t.Errorf("icon %v, a %q", m.Icon, line(m, "a"))
	}
	h.send(Action{Kind: StopServer, Profile: "c"})
	h.until("two servers", func(m Menu) bool { return m.Tooltip == "Vaultbar: 2 servers running" })
	if got := stopped; !slices.Equal(got, []string{"c"}) {
		t.Fatalf("stopped = %q, want [c]", got)
	}
	h.send(Action{Kind: StartServer, Profile: "late", Server: "ec2"})
	<-lateStart
	h.quit()
	slices.Sort(stopped)
	if want := []string{"a", "b", "c", "late"}; !slices.Equal(stopped, want) {
		t.Errorf("stopped = %q, want %q", stopped, want)
	}
}

func TestControllerDuplicateStartIgnored(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	release := make(chan struct{})
	h := runController(t, Deps{
		Load: staticLoad("a"),
		StartServer: func(ctx context.Context, a Action) (Server, error) {
			calls.Add(1)
			<-release
			return Server{Kind: "ecs", Addr: "127.0.0.1:1"}, nil
		},
		StopServer: func(ctx context.Context, profile string) error { return nil },
	})
	h.until("loaded", lineIs("a", "keys stored"))
	h.send(Action{Kind: StartServer, Profile: "a", Server: "ecs"})
	h.send(Action{Kind: StartServer, Profile: "a", Server: "ecs"})
	close(release)
	h.until("server", lineIs("a", "server on 127.0.0.1:1"))
	h.send(Action{Kind: StartServer, Profile: "a", Server: "ecs"})
	h.quit()
	if n := calls.Load(); n != 1 {
		t.Errorf("StartServer ran %d times, want 1", n)
	}
}

func TestControllerCancelledContext(t *testing.T) {
	t.Parallel()
	var stopped atomic.Int32
	h := runController(t, Deps{
		Load: staticLoad("a"),
		StartServer: func(ctx context.Context, a Action) (Server, error) {
			return Server{Kind: "ecs", Addr: "127.0.0.1:1"}, nil
		},
		StopServer: func(ctx context.Context, profile string) error {
			stopped.Add(1)
			return ctx.Err() // the stop context outlives Run's
		},
	})
	h.until("loaded", lineIs("a", "keys stored"))
	h.send(Action{Kind: StartServer, Profile: "a", Server: "ecs"})
	h.until("server", lineIs("a", "server on 127.0.0.1:1"))
	h.cancel()
	if err := <-h.done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
	if stopped.Load() != 1 {
		t.Errorf("StopServer ran %d times, want 1", stopped.Load())
	}
}

func TestControllerSkipsUnchangedRenders(t *testing.T) {
	t.Parallel()
	snaps := make(chan Snapshot)
	var loads atomic.Int32
	h := runController(t, Deps{FirstLoadWait: -1, Load: func(ctx context.Context) (Snapshot, error) {
		loads.Add(1)
		return <-snaps, nil
	}})
	a := Snapshot{Profiles: named("a")}
	b := Snapshot{Profiles: named("a", "b")}
	snaps <- a
	h.until("a loaded", lineIs("a", "keys stored"))
	h.reload <- struct{}{}
	snaps <- a // the same again: no render
	h.tick <- time.Time{}
	snaps <- a // nor after the minute tick
	h.reload <- struct{}{}
	snaps <- b
	h.until("b loaded", lineIs("b", "keys stored"))
	h.quit()
	if n := h.renders.Load(); n != 3 { // loading, a, a+b
		t.Errorf("%d renders, want 3", n)
	}
	if n := loads.Load(); n != 4 {
		t.Errorf("%d loads, want 4", n)
	}
}

func TestControllerReloadCoalesces(t *testing.T) {
	t.Parallel()
	snaps := make(chan Snapshot)
	var loads atomic.Int32
	h := runController(t, Deps{Load: func(ctx context.Context) (Snapshot, error) {
		loads.Add(1)
		return <-snaps, nil
	}})
	// The first Load is blocked; three signals meanwhile make one more Load.
	h.reload <- struct{}{}
	h.reload <- struct{}{}
	h.tick <- time.Time{}
	snaps <- Snapshot{Profiles: named("a")}
	snaps <- Snapshot{Profiles: named("b")}
	h.until("b loaded", lineIs("b", "keys stored"))
	h.quit()
	if n := loads.Load(); n != 2 {
		t.Errorf("%d loads, want 2", n)
	}
}

func TestControllerRecentOrder(t *testing.T) {
	t.Parallel()
	h := runController(t, Deps{
		Load:           staticLoad(manyNames(22)...),
		CopyEnv:        func(context.Context, Action) error { return nil },
		OpenConsole:    func(context.Context, Action) error { return nil },
		CopyConsoleURL: func(context.Context, Action) error { return errors.New("no session") },
	})
	clicks := []Action{
		{Kind: CopyEnv, Profile: "p01"}, {Kind: OpenConsole, Profile: "p02"}, {Kind: CopyEnv, Profile: "p01"},
		{Kind: CopyEnv, Profile: "p03"}, {Kind: CopyEnv, Profile: "p04"}, {Kind: OpenConsole, Profile: "p05"},
		{Kind: CopyEnv, Profile: "p06"},
	}
	for _, a := range clicks {
		h.send(a)
		h.until(a.Profile+" recent", func(m Menu) bool {
			r := recentOf(m)
			return len(r) > 0 && r[0] == a.Profile && !strings.HasSuffix(r[0], BusyMark)
		})
	}
	h.send(Action{Kind: CopyConsoleURL, Profile: "p10"}) // failures do not count
	h.until("p10 busy", func(m Menu) bool { return m.Icon == IconBusy })
	m := h.until("p10 idle", func(m Menu) bool { return m.Icon == IconIdle })
	if got, want := recentOf(m), []string{"p06", "p05", "p04", "p03", "p01"}; !slices.Equal(got, want) {
		t.Errorf("recent = %q, want %q", got, want)
	}
	h.quit()
}

func TestControllerSlowEffectDoesNotBlock(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	copied := make(chan string, 1)
	h := runController(t, Deps{
		Load: staticLoad("a", "b"),
		OpenConsole: func(ctx context.Context, a Action) error {
			<-release // an MFA dialog nobody answers yet
			return nil
		},
		CopyEnv: func(ctx context.Context, a Action) error {
			copied <- a.Profile
			return nil
		},
	})
	h.until("loaded", lineIs("a", "keys stored"))
	h.send(Action{Kind: OpenConsole, Profile: "a"})
	h.until("a busy", lineIs("a", "Cancel signing in to a ⟳"))
	h.send(Action{Kind: CopyEnv, Profile: "b", Format: "json"})
	if got := <-copied; got != "b" {
		t.Errorf("copied %q, want b", got)
	}
	m := h.until("b done", func(m Menu) bool { return line(m, "b") == "keys stored" && m.Icon == IconBusy })
	if line(m, "a") != "Cancel signing in to a ⟳" {
		t.Errorf("a = %q while its effect runs", line(m, "a"))
	}
	h.reload <- struct{}{} // the loop still answers
	close(release)
	h.until("a done", lineIs("a", "keys stored"))
	h.quit()
}

func TestControllerSelectBrowser(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	browser, isolation := "", "" // the settings file
	h := runController(t, Deps{
		Load: func(context.Context) (Snapshot, error) {
			mu.Lock()
			defer mu.Unlock()
			return Snapshot{
				Profiles: named("a"),
				Browsers: []Browser{{ID: "firefox", Name: "Firefox", Isolations: []string{"container", "profile"}}},
				Browser:  browser, Isolation: isolation,
			}, nil
		},
		SelectBrowser: func(ctx context.Context, a Action) error {
			mu.Lock()
			defer mu.Unlock()
			browser, isolation = a.Browser, ""
			return nil
		},
		SelectIsolation: func(ctx context.Context, a Action) error {
			mu.Lock()
			defer mu.Unlock()
			isolation = a.Isolation
			return nil
		},
	})
	checked := func(title string) func(Menu) bool {
		return func(m Menu) bool {
			for _, it := range find(t, m.Items, "Browser").Children {
				if it.Title == title {
					return it.Checked
				}
			}
			return false
		}
	}
	h.until("loaded", lineIs("a", "keys stored"))
	h.send(Action{Kind: SelectBrowser, Browser: "firefox"})
	h.until("firefox", checked("Firefox"))
	h.send(Action{Kind: SelectIsolation, Browser: "firefox", Isolation: "profile"})
	h.until("profile isolation", checked("profile"))
	h.quit()
}

// A grouped profile's click asks what to do; the choice then runs as if it had been clicked,
// and a cancelled choice runs nothing and notifies nothing.
func TestControllerChooseActionRunsTheChoice(t *testing.T) {
	t.Parallel()
	var rec recorder
	copied := make(chan Action, 1)
	cancelNext := atomic.Bool{}
	h := runController(t, Deps{
		Load:     staticLoad("prod"),
		Notify:   rec.notify,
		IsCancel: func(err error) bool { return errors.Is(err, context.Canceled) },
		ChooseAction: func(ctx context.Context, a Action) (Action, error) {
			if cancelNext.Load() {
				return Action{}, context.Canceled
			}
			return Action{Kind: CopyEnv, Profile: a.Profile, Format: "fish"}, nil
		},
		CopyEnv: func(ctx context.Context, a Action) error { copied <- a; return nil },
	})
	h.until("prod loaded", lineIs("prod", "keys stored"))
	h.send(Action{Kind: ChooseAction, Profile: "prod"})
	select {
	case a := <-copied:
		if a != (Action{Kind: CopyEnv, Profile: "prod", Format: "fish"}) {
			t.Errorf("ran %+v, want the chosen Copy env as fish", a)
		}
	case <-time.After(waitLimit):
		t.Fatal("the chosen action never ran")
	}
	cancelNext.Store(true)
	h.send(Action{Kind: ChooseAction, Profile: "prod"})
	h.until("idle again", lineIs("prod", "keys stored"))
	h.quit()
	if len(copied) != 0 || len(rec.get()) != 0 {
		t.Errorf("a cancelled choice ran %d actions and notified %q", len(copied), rec.get())
	}
}
