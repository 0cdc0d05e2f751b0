//go:build cgo || !darwin

package desktop

import (
	"reflect"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/tray"
)

func TestCloneItems(t *testing.T) {
	t.Parallel()
	in := []tray.Item{{Title: "dev", Children: []tray.Item{{Title: "Open console"}}}, {Separator: true}}
	out := cloneItems(in)
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("clone differs: %+v", out)
	}
	in[0].Title, in[0].Children[0].Title = "changed", "changed"
	if out[0].Title != "dev" || out[0].Children[0].Title != "Open console" {
		t.Errorf("the clone shares memory with its source: %+v", out)
	}
	if cloneItems(nil) != nil {
		t.Error("cloneItems(nil) is not nil: equal menus would compare unequal")
	}
}

// Render before Run keeps only the latest menu, without blocking and without systray.
func TestRenderBeforeRunKeepsLatest(t *testing.T) {
	t.Parallel()
	tr := NewTray(TrayOptions{})
	for i := range 3 * cap(tr.wake) {
		tr.Render(tray.Menu{Tooltip: string(rune('a' + i))})
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if !tr.pending || tr.next.Tooltip != "c" {
		t.Errorf("pending %v, next %+v; want the last menu", tr.pending, tr.next)
	}
}

// Quit before Run: Run returns at once and never starts systray (which would block on the
// bus here, or need the main thread on macOS).
func TestQuitBeforeRun(t *testing.T) {
	t.Parallel()
	tr := NewTray(TrayOptions{})
	tr.Quit()
	done := make(chan struct{})
	go func() {
		tr.Run()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run after Quit did not return")
	}
}
