package desktop

// The tray's end-to-end test drives the real fyne.io/systray over a private D-Bus session,
// the way a desktop's tray host would: a fake StatusNotifierWatcher receives the item's
// registration, the test reads the menu with com.canonical.dbusmenu.GetLayout and clicks
// with Event. It needs scripts/session.sh (e2e.Require).
//
// Never run it with -race: fyne.io/systray v1.12.2 races with itself (refresh writes
// menuVersion under instance.lock while GetLayout reads it under menuLock). The Makefile
// runs TestE2E* without -race and skips them in the -race unit step; under -race the test
// skips. systray is global and runs once per process, so with -count>1 it runs once.

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/panel"
	"github.com/vaultbar/vaultbar/tray"
)

const e2eTimeout = 10 * time.Second

var trayRan atomic.Bool // systray keeps global state: one Run per process

var (
	openDev       = tray.Action{Kind: tray.OpenConsole, Profile: "dev", Region: "eu-west-1"}
	copyDev       = tray.Action{Kind: tray.CopyEnv, Profile: "dev", Format: "export"}
	stopDev       = tray.Action{Kind: tray.StopServer, Profile: "dev"}
	openProd      = tray.Action{Kind: tray.OpenConsole, Profile: "prod"}
	startDev      = tray.Action{Kind: tray.StartServer, Profile: "dev", Server: "ecs"}
	copyServerDev = tray.Action{Kind: tray.CopyServerEnv, Profile: "dev"}
	quit          = tray.Action{Kind: tray.Quit}
)

func testMenu() tray.Menu {
	return tray.Menu{
		Icon:    tray.IconIdle,
		Tooltip: "Vaultbar",
		Items: []tray.Item{
			{Title: "dev", Children: []tray.Item{
				{Title: "Open console", Action: openDev},
				{Title: "Copy env", Action: copyDev},
				{Separator: true},
				{Title: "ECS server", Checkable: true, Checked: true, Action: stopDev},
				{Title: "Copy server env", Hidden: true, Action: copyServerDev},
				{Title: "Session expires in 42m", Disabled: true},
			}},
			{Separator: true},
			{Title: "Quit", Action: quit},
		},
	}
}

const testLayout = `dev [submenu]
  Open console
  Copy env
  ----
  [x] ECS server
  (disabled) Session expires in 42m
----
Quit
`

// sameShapeMenu is testMenu with new titles, states and an Action, and the same items.
func sameShapeMenu() tray.Menu {
	m := testMenu()
	dev := m.Items[0].Children
	dev[0].Disabled = true
	dev[3].Title, dev[3].Checked, dev[3].Action = "Start ECS server", false, startDev
	dev[4].Hidden = false
	dev[5].Title = "Signing in…"
	return m
}

const sameShapeLayout = `dev [submenu]
  (disabled) Open console
  Copy env
  ----
  [ ] Start ECS server
  Copy server env
  (disabled) Signing in…
----
Quit
`

func changedMenu() tray.Menu {
	m := testMenu()
	m.Icon, m.Tooltip = tray.IconServing, "Vaultbar: 1 server"
	m.Items[0].Children[3].Checked = false
	m.Items = append(m.Items[:1], append([]tray.Item{
		{Title: "prod", Children: []tray.Item{{Title: "Open console", Action: openProd}}},
	}, m.Items[1:]...)...)
	return m
}

const changedLayout = `dev [submenu]
  Open console
  Copy env
  ----
  [ ] ECS server
  (disabled) Session expires in 42m
prod [submenu]
  Open console
----
Quit
`

func TestE2ETrayMenuOverDBus(t *testing.T) {
	e2e.Require(t) // before anything touches systray or the bus
	if raceEnabled {
		t.Skip("fyne.io/systray races with itself: run TestE2E* without -race")
	}
	if !trayRan.CompareAndSwap(false, true) {
		t.Skip("systray runs once per process")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*e2eTimeout)
	defer cancel()

	// A private connection: systray closes the shared dbus.SessionBus() when it quits.
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("session bus: %v", err)
	}
	// Closed after the watcher's name is released (cleanups run last-in first-out): a name
	// dropped with the connection stays owned until the bus notices.
	t.Cleanup(func() { conn.Close() })
	w := panel.ClaimWatcher(t, conn)

	tr := NewTray(TrayOptions{Title: "vaultbar-e2e", Icons: testIcons(t)})
	tr.Render(testMenu()) // before Run: shows once the tray is up
	stop := runTray(t, tr)
	defer stop()

	reg := w.Await(t, e2eTimeout)
	t.Logf("registered: sender %s, path %s", reg.Sender, reg.Path)
	item := panel.Item(conn, reg)
	if id := panel.Property[string](t, item, panel.ItemIface+".Id"); id != "vaultbar-e2e" {
		t.Errorf("Id = %q, want the Title set before Run", id)
	}
	menu := panel.Menu(t, conn, reg)
	// The menu is in place when the item registers: the panel's first read lists it (only
	// the top level: systray's first answer after a reset stops there).
	if _, first := panel.Layout(t, menu); first.Describe() != "dev [submenu]\n----\nQuit\n" {
		t.Errorf("first read after registering:\n%s\nwant the top level of\n%s", first.Describe(), testLayout)
	}
	wantIcon(t, item, idleARGB)
	wantTooltip(t, item, "Vaultbar")

	if err := tr.flush(ctx); err != nil {
		t.Fatalf("first render: %v", err)
	}
	root := settle(t, menu, testLayout)

	// The panel opening the menu is signalled, so the app can re-read the keyring.
	if call := menu.Call("com.canonical.dbusmenu.Event", 0, int32(0), "opened", dbus.MakeVariant(""), uint32(0)); call.Err != nil {
		t.Fatalf("opened event: %v", call.Err)
	}
	select {
	case <-tr.Opened():
	case <-ctx.Done():
		t.Fatal("opening the menu was not signalled")
	}

	// A click on an item without an Action sends nothing; D-Bus delivers in order, so the
	// next Action must be the second click's.
	panel.Click(t, menu, find(t, root, "dev", "Session expires in 42m"))
	panel.Click(t, menu, find(t, root, "dev", "Open console"))
	wantAction(ctx, t, tr, openDev)
	panel.Click(t, menu, find(t, root, "dev", "ECS server"))
	wantAction(ctx, t, tr, stopDev)

	// Clicks that arrive while the app has not taken the earlier ones are kept, in order:
	// systray's own send drops a click no receiver is parked for, which is what a click
	// right after a rebuild, or while the forwarder hands on the last one, would meet.
	// Two more than actionsBuffer: the forwarder holds one, the item's channel the other.
	for range actionsBuffer + 1 {
		panel.Click(t, menu, find(t, root, "dev", "Open console"))
	}
	panel.Click(t, menu, find(t, root, "dev", "Copy env"))
	for range actionsBuffer + 1 {
		wantAction(ctx, t, tr, openDev)
	}
	wantAction(ctx, t, tr, copyDev)

	// A change of the same shape is made in place: the items keep their IDs (a menu the
	// user has open stays open), show the new state, and a click gives the new Action.
	tr.Render(sameShapeMenu())
	if err := tr.flush(ctx); err != nil {
		t.Fatalf("same-shape render: %v", err)
	}
	var inPlace panel.Node
	panel.Poll(t, e2eTimeout, "the menu to read\n"+sameShapeLayout, func() (bool, string) {
		_, inPlace = panel.Layout(t, menu)
		return inPlace.Describe() == sameShapeLayout, inPlace.Describe()
	})
	if !panel.SameIDs(root, inPlace) {
		t.Errorf("a same-shape change rebuilt the menu: item IDs changed")
	}
	panel.Click(t, menu, find(t, inPlace, "dev", "Start ECS server"))
	wantAction(ctx, t, tr, startDev)
	panel.Click(t, menu, find(t, inPlace, "dev", "Copy server env")) // hidden until now
	wantAction(ctx, t, tr, copyServerDev)

	tr.Render(changedMenu())
	if err := tr.flush(ctx); err != nil {
		t.Fatalf("changed render: %v", err)
	}
	root = settle(t, menu, changedLayout)
	wantIcon(t, item, servingARGB)
	wantTooltip(t, item, "Vaultbar: 1 server")
	panel.Click(t, menu, find(t, root, "prod", "Open console"))
	wantAction(ctx, t, tr, openProd)
	panel.Click(t, menu, find(t, root, "Quit"))
	wantAction(ctx, t, tr, quit)

	// An equal menu is not rebuilt: same revision, same item IDs.
	rev, before := panel.Layout(t, menu)
	tr.Render(changedMenu())
	if err := tr.flush(ctx); err != nil {
		t.Fatalf("equal render: %v", err)
	}
	if rev2, after := panel.Layout(t, menu); rev2 != rev || !panel.SameIDs(before, after) {
		t.Errorf("rendering an equal menu changed the layout: revision %d -> %d", rev, rev2)
	}

	stop()
	if buf := stacks(); strings.Contains(buf, "desktop.(*Tray)") {
		t.Errorf("Tray goroutines left after Quit:\n%s", buf)
	}
	name := fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", os.Getpid())
	panel.Poll(t, e2eTimeout, "the tray's bus name to go", func() (bool, string) {
		var owned bool
		err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&owned)
		return err == nil && !owned, fmt.Sprintf("owned %v, err %v", owned, err)
	})
}

// runTray runs tr.Run in a goroutine (systray needs the main thread only on macOS) and
// returns a stop func, safe to call twice, that quits it and waits for Run to return.
func runTray(t testing.TB, tr *Tray) (stop func()) {
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		tr.Run()
	}()
	return sync.OnceFunc(func() {
		tr.Quit()
		select {
		case <-ran:
		case <-time.After(e2eTimeout):
			t.Error("Run did not return after Quit")
		}
	})
}

// settle polls GetLayout until the menu reads want and the revision has moved past the
// first reply's. The first GetLayout after a reset returns submenus empty and schedules a
// refresh 150 ms later (systray v1.12.2); once that has come, the revision holds still.
func settle(t *testing.T, menu dbus.BusObject, want string) panel.Node {
	t.Helper()
	first, root := panel.Layout(t, menu)
	panel.Poll(t, e2eTimeout, "the menu to read\n"+want, func() (bool, string) {
		var rev uint32
		rev, root = panel.Layout(t, menu)
		got := root.Describe()
		return got == want && rev != first, fmt.Sprintf("revision %d (first %d):\n%s", rev, first, got)
	})
	return root
}

// find returns the ID of the item at the path of labels, found by label because IDs grow
// with every rebuild.
func find(t *testing.T, n panel.Node, path ...string) int32 {
	t.Helper()
	return panel.MustFind(t, n, path...).ID
}

func wantAction(ctx context.Context, t *testing.T, tr *Tray, want tray.Action) {
	t.Helper()
	select {
	case got := <-tr.Actions():
		if got != want {
			t.Fatalf("Actions: got %+v, want %+v", got, want)
		}
	case <-ctx.Done():
		t.Fatalf("no Action after the click; want %+v", want)
	}
}

// stacks returns every goroutine's stack.
func stacks() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}

func wantTooltip(t *testing.T, item dbus.BusObject, want string) {
	t.Helper()
	var tip struct {
		Icon   string
		Pixmap []pixmap
		Title  string
		Text   string
	}
	if v, err := item.GetProperty(panel.ItemIface + ".ToolTip"); err != nil {
		t.Errorf("ToolTip: %v", err)
	} else if err := dbus.Store([]any{v.Value()}, &tip); err != nil || tip.Title != want {
		t.Errorf("ToolTip = %v (%v), want title %q", v, err, want)
	}
}

type pixmap struct {
	W, H int32
	ARGB []byte
}

// The first pixel of each test icon, as IconPixmap carries it.
var idleARGB, servingARGB = []byte{255, 0, 0, 0}, []byte{255, 0, 160, 0}

func wantIcon(t *testing.T, item dbus.BusObject, argb []byte) {
	t.Helper()
	icons := panel.Property[[]pixmap](t, item, panel.ItemIface+".IconPixmap")
	if len(icons) != 1 || icons[0].W != 16 || len(icons[0].ARGB) < 4 || !bytes.Equal(icons[0].ARGB[:4], argb) {
		t.Errorf("IconPixmap: %d icons, want one 16×16 starting with ARGB %v", len(icons), argb)
		for _, ic := range icons {
			t.Logf("%d×%d %v", ic.W, ic.H, ic.ARGB[:min(8, len(ic.ARGB))])
		}
	}
}

// testIcons returns a distinct 16×16 PNG per icon.
func testIcons(t *testing.T) func(tray.Icon) (template, regular []byte) {
	icons := map[tray.Icon][]byte{}
	for i, c := range []color.RGBA{{0, 0, 0, 255}, {0, 160, 0, 255}, {200, 120, 0, 255}} {
		img := image.NewRGBA(image.Rect(0, 0, 16, 16))
		for p := range len(img.Pix) / 4 {
			img.Pix[4*p], img.Pix[4*p+1], img.Pix[4*p+2], img.Pix[4*p+3] = c.R, c.G, c.B, c.A
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		icons[tray.Icon(i)] = b.Bytes()
	}
	return func(i tray.Icon) ([]byte, []byte) { return icons[i], icons[i] }
}
