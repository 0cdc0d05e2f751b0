//go:build cgo || !darwin

package desktop

import (
	"context"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"

	"fyne.io/systray"

	"github.com/vaultbar/vaultbar/tray"
)

// actionsBuffer is how many clicks may wait for the controller. A click that finds the
// buffer full waits for room, but only while its menu lives.
const actionsBuffer = 16

// TrayOptions configure a Tray.
type TrayOptions struct {
	// Title names the tray icon: the StatusNotifierItem Id on Linux. It is not set on
	// macOS, where the title shows as text beside the icon.
	Title string
	// Icons returns the images for an icon: a black-and-alpha template, which macOS
	// recolours for light and dark menu bars, and a regular image, which Linux and Windows
	// show (PNG; ICO on Windows). An empty template falls back to the regular image and the
	// other way round; when both are empty the previous icon stays. Nil keeps the default.
	Icons func(tray.Icon) (template, regular []byte)
}

// Tray is the menu-bar icon and its menu: create it with NewTray, call Run from main, then
// Render menus and read clicks from Actions, from any goroutine.
type Tray struct {
	opts    TrayOptions
	actions chan tray.Action

	ctx    context.Context // done after Quit or when Run returns
	cancel context.CancelFunc
	wg     sync.WaitGroup // the renderer and the click forwarders

	mu      sync.Mutex
	started bool      // Run has started
	next    tray.Menu // the latest Render, when pending
	pending bool
	flushes []chan struct{} // closed when the renderer has caught up (tests)
	wake    chan struct{}   // capacity 1: the renderer has work
	opened  chan struct{}   // capacity 1: the panel opened the menu

	// Owned by the renderer goroutine.
	last      tray.Menu
	shown     []*systray.MenuItem // the systray item of each of last's items, flattened; nil for separators
	fwd       *forwarder          // the click receiver of the items shown
	rendered  bool
	cancelGen context.CancelFunc // stops the current menu's click forwarder
}

// NewTray returns a Tray that shows nothing until Run.
func NewTray(o TrayOptions) *Tray {
	ctx, cancel := context.WithCancel(context.Background())
	return &Tray{
		opts:    o,
		actions: make(chan tray.Action, actionsBuffer),
		ctx:     ctx,
		cancel:  cancel,
		wake:    make(chan struct{}, 1),
		opened:  make(chan struct{}, 1),
	}
}

// Run shows the tray and blocks until Quit. Call it once, from main's goroutine (macOS
// runs its UI on the main thread). Clean up after Run returns: that works on every platform,
// systray's onExit does not.
//
// On Linux the icon goes on the bus only once the first menu is in place, so render the
// first menu before Run or from another goroutine: a panel's first read then has the whole
// menu, and building it costs no D-Bus signal per item. Elsewhere menus rendered before Run
// show once the tray is up.
func (t *Tray) Run() {
	t.mu.Lock()
	if t.ctx.Err() != nil { // Quit came first
		t.mu.Unlock()
		return
	}
	t.started = true
	t.wg.Add(2) // under mu, so that Quit's Wait cannot start before
	t.mu.Unlock()
	ready, shown := make(chan struct{}), make(chan struct{})
	go t.renderLoop(ready, shown)
	go t.forwardOpened()
	switch runtime.GOOS {
	case "darwin", "windows":
		systray.Run(func() { close(ready) }, nil)
	default:
		// Menus are built before systray goes on the bus: each item added later sends two
		// D-Bus signals, and an icon set while it goes on the bus can be lost.
		systray.SetTitle(t.opts.Title)
		close(ready)
		select {
		case <-shown:
		case <-t.ctx.Done():
			return
		}
		systray.Run(nil, nil)
	}
	// No waiting here: on macOS a renderer inside a systray call would wait for the main
	// thread, which has left its loop. Quit waits for them while the loop still runs.
	t.cancel()
}

// Quit stops the renderer and the click forwarders, waits for them, and makes Run return
// (or not start). Call it from any goroutine but main's.
func (t *Tray) Quit() {
	t.mu.Lock()
	t.cancel()
	started := t.started
	t.mu.Unlock()
	t.wg.Wait()
	if started {
		systray.Quit()
	}
}

// Opened signals when the panel opens the menu (a chance to re-read what it shows). One
// pending signal is kept; more are dropped. It is never closed.
func (t *Tray) Opened() <-chan struct{} { return t.opened }

// forwardOpened always receives systray's opened events (they are dropped when nobody
// waits) and keeps one pending for Opened.
func (t *Tray) forwardOpened() {
	defer t.wg.Done()
	for {
		select {
		case <-systray.TrayOpenedCh:
			select {
			case t.opened <- struct{}{}:
			default:
			}
		case <-t.ctx.Done():
			return
		}
	}
}

// Actions delivers the Action of every clicked item, in click order. It is never closed.
func (t *Tray) Actions() <-chan tray.Action { return t.actions }

// Render shows m. It never blocks: the renderer goroutine picks up the latest menu, so
// menus rendered in a burst show only the last one, and a menu equal to the one shown is
// skipped. Render copies m; the caller may reuse it.
func (t *Tray) Render(m tray.Menu) {
	m.Items = cloneItems(m.Items)
	t.mu.Lock()
	t.next, t.pending = m, true
	t.mu.Unlock()
	t.poke()
}

// flush waits until the renderer has shown every menu passed to Render before it.
func (t *Tray) flush(ctx context.Context) error {
	done := make(chan struct{})
	t.mu.Lock()
	t.flushes = append(t.flushes, done)
	t.mu.Unlock()
	t.poke()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (t *Tray) poke() {
	select {
	case t.wake <- struct{}{}:
	default: // the renderer has a wake-up pending and will read the latest state
	}
}

// renderLoop is the one goroutine that calls systray after start-up. It closes shown once
// it has shown a menu.
func (t *Tray) renderLoop(ready <-chan struct{}, shown chan<- struct{}) {
	defer t.wg.Done()
	select {
	case <-ready:
	case <-t.ctx.Done():
		return
	}
	for {
		select {
		case <-t.wake:
		case <-t.ctx.Done():
			return
		}
		if t.renderPending() && shown != nil {
			close(shown)
			shown = nil
		}
	}
}

// renderPending shows the latest Render, if any, and releases the flushes waiting for it.
// It reports whether there was a menu to show.
func (t *Tray) renderPending() bool {
	t.mu.Lock()
	m, ok, flushes := t.next, t.pending, t.flushes
	t.next, t.pending, t.flushes = tray.Menu{}, false, nil
	t.mu.Unlock()
	if ok {
		t.render(m)
	}
	for _, done := range flushes {
		close(done)
	}
	return ok
}

// render shows m. A menu of the same shape as the one shown (see sameShape) is updated in
// place: only the items that changed are touched, their IDs stay, and a menu the user has
// open stays open. Any other change rebuilds the whole menu, because systray can neither
// insert items nor remove separators; either way the result is a function of m alone.
func (t *Tray) render(m tray.Menu) {
	if t.rendered && reflect.DeepEqual(m, t.last) {
		return
	}
	if !t.rendered || m.Icon != t.last.Icon {
		t.setIcon(m.Icon)
	}
	if !t.rendered || m.Tooltip != t.last.Tooltip {
		systray.SetTooltip(m.Tooltip)
	}
	flat := flatten(nil, m.Items)
	actions := actionsOf(flat)
	if old := flatten(nil, t.last.Items); t.rendered && sameShape(old, flat) {
		t.update(old, flat)
		t.fwd.actions.Store(&actions)
	} else {
		t.rebuild(m.Items, &actions)
	}
	t.last, t.rendered = m, true
}

// rebuild replaces the whole menu with items, whose clickable ones have actions.
func (t *Tray) rebuild(items []tray.Item, actions *[]tray.Action) {
	if t.cancelGen != nil {
		t.cancelGen() // the old items' forwarder; ResetMenu also closes their ClickedCh
	}
	ctx, cancel := context.WithCancel(t.ctx)
	t.cancelGen = cancel
	systray.ResetMenu()
	t.fwd = &forwarder{}
	t.shown = t.shown[:0]
	for _, it := range items {
		t.add(t.fwd, nil, it)
	}
	t.fwd.actions.Store(actions)
	var parked sync.WaitGroup
	t.forward(ctx, &parked, t.fwd)
	parked.Wait() // so a click on the menu just shown reaches a receiver
}

// update changes the shown items, old, where flat, of the same shape, differs.
func (t *Tray) update(oldFlat, flat []*tray.Item) {
	for i, it := range flat {
		old, mi := oldFlat[i], t.shown[i]
		if mi == nil { // a separator
			continue
		}
		if it.Title != old.Title {
			mi.SetTitle(it.Title)
		}
		if it.Tooltip != old.Tooltip {
			mi.SetTooltip(it.Tooltip)
		}
		if it.Disabled != old.Disabled {
			if it.Disabled {
				mi.Disable()
			} else {
				mi.Enable()
			}
		}
		if it.Checked != old.Checked {
			if it.Checked {
				mi.Check()
			} else {
				mi.Uncheck()
			}
		}
		if it.Hidden != old.Hidden {
			if it.Hidden {
				mi.Hide()
			} else {
				mi.Show()
			}
		}
	}
}

func (t *Tray) setIcon(i tray.Icon) {
	if t.opts.Icons == nil {
		return
	}
	template, regular := t.opts.Icons(i)
	if len(template) == 0 {
		template = regular
	}
	if len(regular) == 0 {
		regular = template
	}
	if len(regular) == 0 {
		return // an empty icon panics on macOS
	}
	systray.SetTemplateIcon(template, regular)
}

// add adds it under parent (nil: the top level), with its children.
func (t *Tray) add(f *forwarder, parent *systray.MenuItem, it tray.Item) {
	if it.Separator {
		if parent == nil {
			systray.AddSeparator()
		} else {
			parent.AddSeparator()
		}
		t.shown = append(t.shown, nil)
		return
	}
	var mi *systray.MenuItem
	switch {
	case parent == nil && it.Checkable:
		mi = systray.AddMenuItemCheckbox(it.Title, it.Tooltip, it.Checked)
	case parent == nil:
		mi = systray.AddMenuItem(it.Title, it.Tooltip)
	case it.Checkable:
		mi = parent.AddSubMenuItemCheckbox(it.Title, it.Tooltip, it.Checked)
	default:
		mi = parent.AddSubMenuItem(it.Title, it.Tooltip)
	}
	if it.Disabled {
		mi.Disable()
	}
	t.shown = append(t.shown, mi)
	// An item without an Action gets no receiver: systray drops a click nobody receives,
	// which is what "does nothing" means.
	if it.Action != (tray.Action{}) {
		// systray's click channel is unbuffered and its send does not wait: a click that
		// arrives before the forwarder parks on it (the menu was just rebuilt) or while the
		// forwarder hands on the previous click would be dropped. One slot keeps it. The
		// panel learns the item's id from the layout signal AddMenuItem sends, so a click
		// cannot read the field before this write.
		mi.ClickedCh = make(chan struct{}, 1)
		f.cases = append(f.cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(mi.ClickedCh)})
	}
	for _, child := range it.Children {
		t.add(f, mi, child)
	}
	if it.Hidden { // after the children: Windows takes a hidden item out of its menu
		mi.Hide()
	}
}

// forwarder is one rebuild's click receiver: the items' click channels, and the Action of
// each, which an update in place replaces.
type forwarder struct {
	cases   []reflect.SelectCase
	actions atomic.Pointer[[]tray.Action]
}

// forward parks ONE goroutine that receives on every item's ClickedCh at once and sends the
// clicked item's Action on Actions, until the menu's ctx is done or ResetMenu closes the
// channels. One goroutine per item would park tens of thousands of goroutines, and their
// stacks, for a large config.
func (t *Tray) forward(ctx context.Context, parked *sync.WaitGroup, f *forwarder) {
	cases := append([]reflect.SelectCase{{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())}}, f.cases...)
	t.wg.Add(1)
	parked.Add(1)
	go func() {
		defer t.wg.Done()
		parked.Done()
		for {
			i, _, ok := reflect.Select(cases)
			if i == 0 || !ok { // cancelled, or ResetMenu closed this generation's channels
				return
			}
			select {
			case t.actions <- (*f.actions.Load())[i-1]:
			case <-ctx.Done():
				return
			}
		}
	}()
}

func cloneItems(items []tray.Item) []tray.Item {
	if items == nil {
		return nil
	}
	out := make([]tray.Item, len(items))
	for i, it := range items {
		it.Children = cloneItems(it.Children)
		out[i] = it
	}
	return out
}
