package panel

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// D-Bus names of the desktop notification service.
const (
	NotificationsName = "org.freedesktop.Notifications"
	NotificationsPath = "/org/freedesktop/Notifications"
)

// Notification is one notification a fake server received.
type Notification struct {
	App, Summary, Body string
	Icon               string // app_icon: a theme icon name or a file:// URI
	DesktopEntry       string // the desktop-entry hint
	Timeout            int32
}

// Notifications is a fake org.freedesktop.Notifications server that records what it is sent.
type Notifications struct {
	mu  sync.Mutex
	got []Notification
}

// ClaimNotifications exports a Notifications on conn and owns the service name until the
// test ends; a name still owned is waited for, up to NameWait.
func ClaimNotifications(t testing.TB, conn *dbus.Conn) *Notifications {
	t.Helper()
	n := &Notifications{}
	if err := conn.Export(n, NotificationsPath, NotificationsName); err != nil {
		t.Fatal(err)
	}
	if err := awaitNameFree(conn, NotificationsName, NameWait); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(NotificationsName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning %s: %v, %v", NotificationsName, reply, err)
	}
	t.Cleanup(func() { _, _ = conn.ReleaseName(NotificationsName) })
	return n
}

// Notify is the D-Bus method senders call.
func (n *Notifications) Notify(app string, replaces uint32, icon, summary, body string,
	actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	entry, _ := hints["desktop-entry"].Value().(string)
	n.got = append(n.got, Notification{App: app, Summary: summary, Body: body, Icon: icon, DesktopEntry: entry, Timeout: timeout})
	return uint32(len(n.got)), nil
}

// GetCapabilities, GetServerInformation and CloseNotification complete the interface.
func (n *Notifications) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }

func (n *Notifications) GetServerInformation() (name, vendor, version, spec string, err *dbus.Error) {
	return "vaultbar-e2e", "vaultbar", "1", "1.2", nil
}

func (n *Notifications) CloseNotification(uint32) *dbus.Error { return nil }

// All returns every notification received so far.
func (n *Notifications) All() []Notification {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.got)
}

// First waits, within timeout, for the first notification.
func (n *Notifications) First(t testing.TB, timeout time.Duration) Notification {
	t.Helper()
	var first Notification
	Poll(t, timeout, "a notification", func() (bool, string) {
		all := n.All()
		if len(all) > 0 {
			first = all[0]
		}
		return len(all) > 0, ""
	})
	return first
}

// String lists the notifications received, for failure messages; "" when there are none.
func (n *Notifications) String() string {
	all := n.All()
	if len(all) == 0 {
		return ""
	}
	lines := make([]string, len(all))
	for i, m := range all {
		lines[i] = m.Summary + ": " + m.Body
	}
	return fmt.Sprintf("\nnotifications: %q", lines)
}
