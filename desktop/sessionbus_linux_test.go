package desktop

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// silentBus listens where DBUS_SESSION_BUS_ADDRESS points, accepts and never answers. It
// returns a channel that receives once a client has connected.
func silentBus(t *testing.T) <-chan struct{} {
	sock := filepath.Join(t.TempDir(), "bus")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+sock)
	connected := make(chan struct{}, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		t.Cleanup(func() { c.Close() })
		connected <- struct{}{}
	}()
	return connected
}

// A bus that accepts and never answers is reported as such, with a hint, within the timeout.
func TestCheckSessionBusSilent(t *testing.T) {
	silentBus(t)
	start := time.Now()
	err := checkSessionBus(t.Context(), 200*time.Millisecond)
	if err == nil || !strings.HasPrefix(err.Error(), "the d-bus session bus at unix:path=") || !strings.Contains(err.Error(), "does not answer") {
		t.Fatalf("err = %v, want the bus does not answer", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}

// Cancelling (what a SIGTERM during start-up does) ends the check at once with ctx's error.
func TestCheckSessionBusCancelled(t *testing.T) {
	connected := silentBus(t)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- checkSessionBus(ctx, time.Hour) }()
	select {
	case <-connected:
	case err := <-done:
		t.Fatalf("the check ended before it connected: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the check went on after its context was cancelled")
	}
}
