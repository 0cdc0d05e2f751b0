package tray

import (
	"context"
	"reflect"
	"slices"
	"sync"
	"time"
)

// Controller owns the app's State. Run is its only goroutine: clicks, reload signals and the
// results of finished effects arrive there as values, effects run elsewhere, and the menu is
// rendered from State only when it changed.
type Controller struct {
	d       Deps
	version string

	// Everything below belongs to the Run goroutine.
	results    chan result
	snap       Snapshot
	loaded     bool              // the first Load has finished
	loads      oneAtATime        // Load runs
	quitting   bool              // no new work
	servers    map[string]Server // running metadata servers by profile
	starting   map[string]bool   // StartServer in flight
	stopping   map[string]bool   // StopServer in flight
	busy       map[string][]op   // effects in flight by profile, oldest first
	signIns    []SignIn          // IAM Identity Center sign-ins waiting for the user (signin.go)
	recent     []string          // newest first, unique, at most maxRecent (recent.go)
	saves      oneAtATime        // SaveRecent runs
	saveFailed bool              // a save failed and was notified
	keyAges    map[string]keyAge // per profile, see keyage.go
	warned     map[expiring]bool // expiry warnings notified, see expiry.go
	nextID     int
	last       Menu
	rendered   bool
}

// op is an effect in flight; text is its Busy line.
type op struct {
	id     int
	text   string
	cancel context.CancelFunc // ends the effect's context (cancel.go)
}

// result is a finished effect or Load, sent back to the loop.
type result struct {
	id     int
	action Action
	err    error
	server Server    // StartServer's server
	load   *Snapshot // set for a Load
	saved  bool      // a SaveRecent finished
	next   *Action   // ChooseAction's choice, started when this result arrives
	age    *keyAge   // a KeyAge finished for action.Profile
}

// loadingLine is the Problem line until the first Load finishes.
const loadingLine = "Loading profiles " + BusyMark

// NewController returns a controller over d; version shows in "About Vaultbar".
func NewController(d Deps, version string) *Controller {
	d.fillDefaults()
	return &Controller{
		d:        d,
		version:  version,
		results:  make(chan result),
		servers:  map[string]Server{},
		starting: map[string]bool{},
		stopping: map[string]bool{},
		busy:     map[string][]op{},
		keyAges:  map[string]keyAge{},
		warned:   map[expiring]bool{},
	}
}

// Run owns State until Quit arrives (or actions is closed), then stops every running
// metadata server and returns nil; if ctx ends first it does the same and returns ctx.Err().
//
// It starts a Load and renders the first menu when that has finished, or a "Loading
// profiles…" menu after Deps.FirstLoadWait; each value on reload and each tick of Deps.Tick
// starts another Load (at most one runs; signals during it coalesce into one more). Each
// Action starts its effect on its own goroutine and marks its profile Busy until the result
// comes back, so a slow effect never holds up the menu or other clicks.
// render is called on Run's goroutine, only when the Menu differs from the last one rendered;
// it must not modify the Menu, which Run keeps to compare with. Run must be called once.
func (c *Controller) Run(ctx context.Context, actions <-chan Action, reload <-chan struct{}, render func(Menu)) error {
	effCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := make(chan struct{}) // unblocks effects finishing after Run returned
	defer close(stop)

	tick := c.d.Tick
	if tick == nil {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		tick = t.C
	}

	c.startLoad(effCtx, stop)
	c.awaitFirstLoad(ctx, effCtx, stop)
	c.publish(render)
	for {
		select {
		case <-ctx.Done():
			c.shutdown(context.WithoutCancel(ctx), cancel)
			return ctx.Err()
		case a, ok := <-actions:
			if !ok || a.Kind == Quit {
				c.shutdown(ctx, cancel)
				return nil
			}
			if !c.noteSignIn(a) {
				c.start(effCtx, stop, a)
			}
		case <-reload:
			c.startLoad(effCtx, stop)
		case <-tick:
			c.startLoad(effCtx, stop)
		case <-c.d.Opened:
			c.fetchKeyAges(effCtx, stop)
		case r := <-c.results:
			c.finish(effCtx, stop, r)
		}
		c.publish(render)
	}
}

// awaitFirstLoad gives the first Load up to Deps.FirstLoadWait to finish, so that the first
// menu (the one a panel reads first) lists the profiles instead of "Loading profiles…".
func (c *Controller) awaitFirstLoad(ctx, effCtx context.Context, stop chan struct{}) {
	if c.d.FirstLoadWait < 0 {
		return
	}
	wait := time.NewTimer(c.d.FirstLoadWait)
	defer wait.Stop()
	select {
	case r := <-c.results: // the only effect in flight is the Load
		c.finish(effCtx, stop, r)
	case <-wait.C:
	case <-ctx.Done():
	}
}

// publish renders the menu of the current State unless it equals the last one rendered.
func (c *Controller) publish(render func(Menu)) {
	s := c.state()
	c.warnExpiring(s) // expiry.go
	m := Build(s)
	if c.rendered && reflect.DeepEqual(m, c.last) {
		return
	}
	c.last, c.rendered = m, true
	render(m)
}

// state assembles State from the last Snapshot and what the controller itself tracks.
func (c *Controller) state() State {
	s := State{
		Version:   c.version,
		Now:       c.d.Now(),
		Recent:    c.recent,
		Browsers:  c.snap.Browsers,
		Browser:   c.snap.Browser,
		Isolation: c.snap.Isolation,
		Problem:   c.snap.Problem,

		StartAtLogin:  c.snap.StartAtLogin,
		SignIns:       c.signIns,
		NotifySuccess: c.snap.NotifySuccess,
	}
	_, s.Busy = c.overlay(globalOps)
	if !c.loaded && s.Problem == "" {
		s.Problem = loadingLine
	}
	s.Profiles = make([]Profile, len(c.snap.Profiles), len(c.snap.Profiles)+len(c.servers))
	seen := make(map[string]bool, len(c.servers))
	for i, p := range c.snap.Profiles {
		p.Server, p.Busy = c.overlay(p.Name)
		p.KeyCreated, p.KeyAccount = c.keyAges[p.Name].created, c.keyAges[p.Name].account
		if p.Server != nil {
			seen[p.Name] = true
		}
		s.Profiles[i] = p
	}
	if len(c.keyAges) > 0 {
		inheritKeyAccounts(s.Profiles)
	}
	// A server whose profile left the config still runs: keep it in the menu so it can be
	// stopped.
	var orphans []string
	for name := range c.servers {
		if !seen[name] {
			orphans = append(orphans, name)
		}
	}
	slices.Sort(orphans)
	for _, name := range orphans {
		p := Profile{Name: name}
		p.Server, p.Busy = c.overlay(name)
		s.Profiles = append(s.Profiles, p)
	}
	return s
}

func (c *Controller) overlay(profile string) (*Server, string) {
	var srv *Server
	if v, ok := c.servers[profile]; ok {
		srv = &v
	}
	busy := ""
	if ops := c.busy[profile]; len(ops) > 0 {
		busy = ops[len(ops)-1].text
	}
	return srv, busy
}

// startLoad runs Load off the loop, or asks for one more when one is running.
func (c *Controller) startLoad(ctx context.Context, stop <-chan struct{}) {
	if c.quitting || !c.loads.start() {
		return
	}
	go func() {
		snap, err := c.d.Load(ctx)
		send(c.results, stop, result{load: &snap, err: err})
	}()
}

// start runs the effect of a off the loop and marks its profile Busy.
func (c *Controller) start(ctx context.Context, stop <-chan struct{}, a Action) {
	switch a.Kind {
	case NoAction, Quit:
		return
	case CancelBusy:
		c.cancelBusy(a.Profile)
		return
	case StartServer:
		if _, ok := c.servers[a.Profile]; ok || c.starting[a.Profile] {
			return // a second click while one starts would leak a server
		}
		c.starting[a.Profile] = true
	case StopServer:
		if _, ok := c.servers[a.Profile]; !ok || c.stopping[a.Profile] {
			return
		}
		c.stopping[a.Profile] = true
	}
	c.nextID++
	id := c.nextID
	ctx, cancel := context.WithCancel(ctx)
	if a.Profile != "" || showsGlobalBusy(a.Kind) {
		c.busy[a.Profile] = append(c.busy[a.Profile], op{id: id, text: busyText(a), cancel: cancel})
	}
	var rows []FindRow // read on the loop, which owns State
	if a.Kind == FindProfile {
		rows = FindRows(c.state())
	}
	go func() {
		defer cancel()
		r := result{id: id, action: a}
		ctx := c.d.Begin(ctx, a)
		switch f := c.d.effect(a.Kind); {
		case a.Kind == StartServer && c.d.StartServer != nil:
			r.server, r.err = c.d.StartServer(ctx, a)
		case a.Kind == StopServer && c.d.StopServer != nil:
			r.err = c.d.StopServer(ctx, a.Profile)
		case a.Kind == ChooseAction && c.d.ChooseAction != nil:
			var next Action
			if next, r.err = c.d.ChooseAction(ctx, a); r.err == nil {
				r.next = &next
			}
		case a.Kind == FindProfile && c.d.FindProfile != nil:
			var next Action
			if next, r.err = c.d.FindProfile(ctx, rows); r.err == nil {
				r.next = &next
			}
		case a.Kind == SetStartAtLogin && c.d.SetStartAtLogin != nil:
			r.err = c.d.SetStartAtLogin(ctx, a.On)
		case f != nil:
			r.err = f(ctx, a)
		default:
			r.err = errUnavailable
		}
		if r.err != nil && ctx.Err() == nil && !c.d.IsCancel(r.err) {
			c.d.Notify(c.d.Explain(a, r.err))
		}
		send(c.results, stop, r)
	}()
}

func send(results chan<- result, stop <-chan struct{}, r result) {
	select {
	case results <- r:
	case <-stop:
	}
}

// finish applies a finished effect or Load to State.
func (c *Controller) finish(ctx context.Context, stop <-chan struct{}, r result) {
	switch {
	case r.load != nil:
		c.finishLoad(ctx, stop, r)
		return
	case r.saved:
		c.finishSave(ctx, stop, r)
		return
	case r.age != nil:
		c.finishKeyAge(r)
		return
	}
	a := r.action
	if ops := c.busy[a.Profile]; ops != nil {
		ops = slices.DeleteFunc(ops, func(o op) bool { return o.id == r.id })
		if len(ops) == 0 {
			delete(c.busy, a.Profile)
		} else {
			c.busy[a.Profile] = ops
		}
	}
	switch a.Kind {
	case StartServer:
		delete(c.starting, a.Profile)
	case StopServer:
		delete(c.stopping, a.Profile)
	}
	if r.err != nil {
		return // notified by the effect's goroutine
	}
	if r.next != nil && r.next.Kind != ChooseAction && r.next.Kind != FindProfile {
		c.start(ctx, stop, *r.next)
		return
	}
	switch a.Kind {
	case StartServer:
		c.servers[a.Profile] = r.server
	case StopServer:
		delete(c.servers, a.Profile)
	case SelectBrowser:
		c.snap.Browser, c.snap.Isolation = a.Browser, ""
	case SelectIsolation:
		c.snap.Isolation = a.Isolation
	case SetStartAtLogin:
		c.snap.StartAtLogin.On = a.On // shown at once; the Load below reads what the system says
	case SetNotifySuccess:
		c.snap.NotifySuccess.On = a.On
	case RotateKeys:
		// The new key belongs to the same user, so the same account.
		c.keyAges[a.Profile] = keyAge{created: c.d.Now(), fetched: c.d.Now(), account: c.keyAges[a.Profile].account}
	}
	switch a.Kind {
	case OpenConsole, CopyConsoleURL, CopyEnv, StartServer, CopyServerEnv:
		c.touchRecent(ctx, stop, a.Profile)
	}
	switch a.Kind {
	case OpenConsole, CopyConsoleURL, CopyEnv, StartServer, ClearSession, RemoveCredentials, AddCredentials, ClearAllSessions,
		SelectBrowser, SelectIsolation, SetStartAtLogin, RotateKeys, SetNotifySuccess:
		// Sessions, keys or settings changed; a Load in flight may predate the change, and
		// this one then runs after it.
		c.startLoad(ctx, stop)
	}
}

func (c *Controller) finishLoad(ctx context.Context, stop <-chan struct{}, r result) {
	c.loaded = true
	if r.err != nil {
		// Keep the profiles we had; say what went wrong where the user looks.
		c.snap.Problem = c.d.Describe(r.err)
	} else {
		c.snap = *r.load
		c.adoptRecent(r.load.Recent)
	}
	if c.loads.done() {
		c.startLoad(ctx, stop)
	}
}

// shutdown cancels the running effects, waits for servers being started or stopped to settle
// and for the recent list to be saved, then stops every running server.
func (c *Controller) shutdown(ctx context.Context, cancel context.CancelFunc) {
	c.quitting = true
	cancel()
	for len(c.starting) > 0 || len(c.stopping) > 0 || c.saves.running {
		c.finish(ctx, nil, <-c.results)
	}
	if c.d.StopServer == nil {
		return
	}
	var wg sync.WaitGroup
	for name := range c.servers {
		wg.Go(func() {
			if err := c.d.StopServer(ctx, name); err != nil {
				c.d.Notify(c.d.Explain(Action{Kind: StopServer, Profile: name}, err))
			}
		})
	}
	wg.Wait()
}
