package desktop

import (
	"testing"

	"github.com/godbus/dbus/v5"

	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/panel"
)

// The app says when no panel can show its icon: HasTrayHost follows the watcher's name.
func TestE2EHasTrayHost(t *testing.T) {
	e2e.Require(t)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("session bus: %v", err)
	}
	defer conn.Close()
	var owned bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&owned); err != nil {
		t.Fatal(err)
	}
	if owned {
		t.Skip("another test's panel still owns the watcher name")
	}
	if HasTrayHost() {
		t.Fatal("a tray host reported before any panel claimed org.kde.StatusNotifierWatcher")
	}
	panel.ClaimWatcher(t, conn)
	if !HasTrayHost() {
		t.Error("no tray host reported while a watcher owns the name")
	}
	if _, err := conn.ReleaseName("org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
}
