package panel

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// D-Bus names of the StatusNotifierItem and dbusmenu protocols.
const (
	WatcherName = "org.kde.StatusNotifierWatcher"
	WatcherPath = "/StatusNotifierWatcher"
	ItemIface   = "org.kde.StatusNotifierItem"
	MenuIface   = "com.canonical.dbusmenu"
)

// PollInterval is how often Poll re-checks its condition.
const PollInterval = 20 * time.Millisecond

// NameWait is how long claiming a name waits for its last owner to let go of it.
const NameWait = 10 * time.Second

// Registration is one RegisterStatusNotifierItem call: the item's bus name and object path.
type Registration struct{ Sender, Path string }

// Watcher is a fake org.kde.StatusNotifierWatcher that records registrations.
type Watcher struct{ registered chan Registration }

// RegisterStatusNotifierItem is the D-Bus method items call.
func (w *Watcher) RegisterStatusNotifierItem(sender dbus.Sender, path string) *dbus.Error {
	select {
	case w.registered <- Registration{string(sender), path}:
	default: // a re-registration; the first is enough
	}
	return nil
}

// RegisterStatusNotifierHost is the D-Bus method hosts call; it does nothing.
func (w *Watcher) RegisterStatusNotifierHost(string) *dbus.Error { return nil }

// Registered delivers the first registration.
func (w *Watcher) Registered() <-chan Registration { return w.registered }

// Await waits up to timeout for the first registration.
func (w *Watcher) Await(t testing.TB, timeout time.Duration) Registration {
	t.Helper()
	select {
	case r := <-w.registered:
		return r
	case <-time.After(timeout):
		t.Fatalf("no RegisterStatusNotifierItem within %v", timeout)
		panic("unreachable")
	}
}

// ClaimWatcher exports a fake watcher on conn and takes its name, released at cleanup.
func ClaimWatcher(t testing.TB, conn *dbus.Conn) *Watcher {
	t.Helper()
	w, release, err := NewWatcher(conn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(release)
	return w
}

// NewWatcher is ClaimWatcher for programs: release gives the name back. A name still owned
// is waited for (up to NameWait): the owner may be a process that has just ended.
func NewWatcher(conn *dbus.Conn) (w *Watcher, release func(), err error) {
	return newWatcher(conn, NameWait)
}

func newWatcher(conn *dbus.Conn, wait time.Duration) (w *Watcher, release func(), err error) {
	w = &Watcher{registered: make(chan Registration, 1)}
	if err := conn.Export(w, WatcherPath, WatcherName); err != nil { // export before the name
		return nil, nil, err
	}
	release = func() {
		_, _ = conn.ReleaseName(WatcherName)
		_ = conn.Export(nil, WatcherPath, WatcherName)
	}
	if err := awaitNameFree(conn, WatcherName, wait); err != nil {
		release()
		return nil, nil, err
	}
	reply, err := conn.RequestName(WatcherName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		release()
		return nil, nil, fmt.Errorf("claim %s: reply %v, err %v (another tray host on this bus?)", WatcherName, reply, err)
	}
	return w, release, nil
}

// Property reads the D-Bus property name ("iface.Prop") of obj into a T.
func Property[T any](t testing.TB, obj dbus.BusObject, name string) T {
	t.Helper()
	v, err := obj.GetProperty(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out T
	if err := dbus.Store([]any{v.Value()}, &out); err != nil {
		t.Fatalf("%s = %v: %v", name, v, err)
	}
	return out
}

// Item is the registered item's object.
func Item(conn *dbus.Conn, reg Registration) dbus.BusObject {
	return conn.Object(reg.Sender, dbus.ObjectPath(reg.Path))
}

// Menu is the dbusmenu object named by the item's Menu property.
func Menu(t testing.TB, conn *dbus.Conn, reg Registration) dbus.BusObject {
	t.Helper()
	return conn.Object(reg.Sender, Property[dbus.ObjectPath](t, Item(conn, reg), ItemIface+".Menu"))
}

// Node is a dbusmenu item as GetLayout returns it.
type Node struct {
	ID        int32
	Label     string
	Separator bool
	Enabled   bool // false only when the item says so
	Checkmark bool // a toggle of type checkmark
	Checked   bool // its toggle-state is 1
	Submenu   bool // children-display is submenu
	Hidden    bool // visible is false: a panel does not show it
	Props     map[string]dbus.Variant
	Children  []Node
}

// Layout calls GetLayout for the whole menu and returns its revision and root.
func Layout(t testing.TB, menu dbus.BusObject) (uint32, Node) {
	t.Helper()
	rev, n, err := GetLayout(menu)
	if err != nil {
		t.Fatal(err)
	}
	return rev, n
}

// GetLayout is Layout for programs.
func GetLayout(menu dbus.BusObject) (uint32, Node, error) {
	call := menu.Call(MenuIface+".GetLayout", 0, int32(0), int32(-1), []string{})
	if call.Err != nil {
		return 0, Node{}, fmt.Errorf("GetLayout: %w", call.Err)
	}
	var rev uint32
	var raw []any
	if err := call.Store(&rev, &raw); err != nil {
		return 0, Node{}, fmt.Errorf("GetLayout reply %v: %w", call.Body, err)
	}
	n, err := parseNode(raw)
	if err != nil {
		return 0, Node{}, fmt.Errorf("GetLayout: %w", err)
	}
	return rev, n, nil
}

func parseNode(raw []any) (Node, error) {
	if len(raw) != 3 {
		return Node{}, fmt.Errorf("layout node %v: want (ia{sv}av)", raw)
	}
	id, ok1 := raw[0].(int32)
	props, ok2 := raw[1].(map[string]dbus.Variant)
	kids, ok3 := raw[2].([]dbus.Variant)
	if !ok1 || !ok2 || !ok3 {
		return Node{}, fmt.Errorf("layout node %v: want (ia{sv}av)", raw)
	}
	n := Node{ID: id, Props: props, Enabled: true}
	n.Label, _ = props["label"].Value().(string)
	if s, _ := props["type"].Value().(string); s == "separator" {
		n.Separator = true
	}
	if on, ok := props["enabled"].Value().(bool); ok && !on {
		n.Enabled = false
	}
	if s, _ := props["toggle-type"].Value().(string); s == "checkmark" {
		n.Checkmark = true
		state, _ := props["toggle-state"].Value().(int32)
		n.Checked = state == 1
	}
	if on, ok := props["visible"].Value().(bool); ok && !on {
		n.Hidden = true
	}
	if s, _ := props["children-display"].Value().(string); s == "submenu" {
		n.Submenu = true
	}
	for _, k := range kids {
		sub, ok := k.Value().([]any)
		if !ok {
			return Node{}, fmt.Errorf("layout child %v: not a struct", k)
		}
		c, err := parseNode(sub)
		if err != nil {
			return Node{}, err
		}
		n.Children = append(n.Children, c)
	}
	return n, nil
}

// Describe returns the shown children of n, one per line and indented by depth:
// "----" for a separator, then "(disabled) ", "[x] " or "[ ] " as they apply, the label,
// and " [submenu]" for a submenu.
func (n Node) Describe() string {
	var b strings.Builder
	describe(&b, n, "")
	return b.String()
}

func describe(b *strings.Builder, n Node, indent string) {
	for _, c := range n.Children {
		if c.Hidden {
			continue
		}
		b.WriteString(indent)
		if c.Separator {
			b.WriteString("----\n")
			continue
		}
		if !c.Enabled {
			b.WriteString("(disabled) ")
		}
		if c.Checkmark {
			if c.Checked {
				b.WriteString("[x] ")
			} else {
				b.WriteString("[ ] ")
			}
		}
		b.WriteString(c.Label)
		if c.Submenu {
			b.WriteString(" [submenu]")
		}
		b.WriteString("\n")
		describe(b, c, indent+"  ")
	}
}

// Find returns the shown item at the path of labels below n.
func (n Node) Find(path ...string) (Node, bool) {
	for _, label := range path {
		found := false
		for _, c := range n.Children {
			if !c.Separator && !c.Hidden && c.Label == label {
				n, found = c, true
				break
			}
		}
		if !found {
			return Node{}, false
		}
	}
	return n, true
}

// MustFind is Find that fails the test when there is no such item.
func MustFind(t testing.TB, n Node, path ...string) Node {
	t.Helper()
	c, ok := n.Find(path...)
	if !ok {
		t.Fatalf("no item %q in the menu:\n%s", strings.Join(path, " > "), n.Describe())
	}
	return c
}

// SameIDs reports whether a and b have the same shape and item IDs.
func SameIDs(a, b Node) bool {
	if a.ID != b.ID || len(a.Children) != len(b.Children) {
		return false
	}
	for i := range a.Children {
		if !SameIDs(a.Children[i], b.Children[i]) {
			return false
		}
	}
	return true
}

// Click sends the clicked event for the item id.
func Click(t testing.TB, menu dbus.BusObject, id int32) {
	t.Helper()
	call := menu.Call(MenuIface+".Event", 0, id, "clicked", dbus.MakeVariant(""), uint32(0))
	if call.Err != nil {
		t.Fatalf("Event(%d, clicked): %v", id, call.Err)
	}
}

// ClickPath waits up to timeout for the item at the path of labels, then clicks it.
func ClickPath(t testing.TB, menu dbus.BusObject, timeout time.Duration, path ...string) {
	t.Helper()
	Click(t, menu, WaitFor(t, menu, timeout, path...).ID)
}

// WaitFor polls GetLayout until the item at the path of labels is there and returns it.
func WaitFor(t testing.TB, menu dbus.BusObject, timeout time.Duration, path ...string) Node {
	t.Helper()
	var found Node
	Poll(t, timeout, "menu item "+strings.Join(path, " > "), func() (bool, string) {
		_, root := Layout(t, menu)
		var ok bool
		found, ok = root.Find(path...)
		return ok, root.Describe()
	})
	return found
}

// Poll calls cond every PollInterval until it holds, for at most timeout; then it fails the
// test with what and the last detail cond returned.
func Poll(t testing.TB, timeout time.Duration, what string, cond func() (ok bool, detail string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(PollInterval)
	defer tick.Stop()
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s\nlast: %s", timeout, what, last)
		}
		<-tick.C
	}
}
