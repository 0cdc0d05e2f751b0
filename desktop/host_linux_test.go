package desktop

import (
	"testing"

	"github.com/godbus/dbus/v5"

	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/panel"
)

// The app says when no panel can show its icon: HasTrayHost follows the watcher's name. The
// test has a bus of its own, so no other test's panel (or the machine's) owns that name.
func TestE2EHasTrayHost(t *testing.T) {
	e2e.Require(t)
	panel.PrivateBus(t)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("session bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() }) // after the watcher's release (cleanups run last-in first-out)
	if HasTrayHost() {
		t.Fatal("a tray host reported before any panel claimed org.kde.StatusNotifierWatcher")
	}
	panel.ClaimWatcher(t, conn)
	if !HasTrayHost() {
		t.Error("no tray host reported while a watcher owns the name")
	}
	if _, err := conn.ReleaseName(panel.WatcherName); err != nil {
		t.Fatal(err)
	}
	if HasTrayHost() {
		t.Error("a tray host reported after the panel released org.kde.StatusNotifierWatcher")
	}
}
