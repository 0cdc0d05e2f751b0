package panel

import (
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

func connect(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("private bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// A watcher name that another connection holds is waited for until it is let go, and a
// claim fails, saying so, when it never is: a test's panel never loses to a leftover owner
// by chance, and never takes a name someone else still uses.
func TestClaimWaitsForTheName(t *testing.T) {
	PrivateBus(t)
	first, second := connect(t), connect(t)
	_, release, err := NewWatcher(first)
	if err != nil {
		t.Fatalf("claim on an empty bus: %v", err)
	}

	start := time.Now()
	if _, _, err := newWatcher(second, 300*time.Millisecond); err == nil || !strings.Contains(err.Error(), "still owned after 300ms") {
		t.Fatalf("claiming a name that stays owned: %v, want still owned after 300ms", err)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Errorf("gave up after %v, before the wait was over", waited)
	}

	done := make(chan error, 1)
	go func() {
		_, release, err := NewWatcher(second)
		if err == nil {
			release()
		}
		done <- err
	}()
	release()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("claim after the first owner let go: %v", err)
		}
	case <-time.After(2 * NameWait):
		t.Fatal("the claim did not return")
	}
}

// The private bus is the test's own: it has its own address, and its daemon is gone once
// the test ends.
func TestPrivateBus(t *testing.T) {
	var addr string
	t.Run("bus", func(t *testing.T) {
		addr = PrivateBus(t)
		conn := connect(t)
		var names []string
		if err := conn.BusObject().Call("org.freedesktop.DBus.ListActivatableNames", 0).Store(&names); err != nil {
			t.Fatal(err)
		}
		if len(names) != 1 || names[0] != "org.freedesktop.DBus" {
			t.Errorf("activatable names %q, want none but the bus itself: no service files", names)
		}
	})
	conn, err := dbus.Connect(addr)
	if err == nil {
		conn.Close()
		t.Errorf("%s still answers after the test that started it ended", addr)
	}
}
