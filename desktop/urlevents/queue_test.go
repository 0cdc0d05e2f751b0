package urlevents

import (
	"slices"
	"testing"
)

// The handler runs on macOS's main thread: a reader that stopped must cost the links beyond
// the buffer, never the menu bar. offer returning at all here shows it never blocks (a
// blocking send on a full channel would hang the test).
func TestQueueKeepsOrderAndDropsWhenFull(t *testing.T) {
	q := newQueue(2)
	for _, url := range []string{"vaultbar://console/a", "vaultbar://console/b", "vaultbar://console/c", "vaultbar://console/d"} {
		q.offer(url)
	}
	if got := q.dropped.Load(); got != 2 {
		t.Errorf("dropped = %d, want 2", got)
	}
	got := []string{<-q.ch, <-q.ch}
	if want := []string{"vaultbar://console/a", "vaultbar://console/b"}; !slices.Equal(got, want) {
		t.Errorf("received %q, want %q (first come, first served)", got, want)
	}

	// Once the reader catches up, links get through again.
	q.offer("vaultbar://stop/a")
	if got := <-q.ch; got != "vaultbar://stop/a" {
		t.Errorf("after draining: received %q, want vaultbar://stop/a", got)
	}
	if got := q.dropped.Load(); got != 2 {
		t.Errorf("dropped = %d after draining, want still 2", got)
	}
}
