package tray

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

func manyNames(n int) []string {
	var names []string
	for i := range n {
		names = append(names, fmt.Sprintf("p%02d", i))
	}
	return names
}

// savedLists records SaveRecent calls; a call blocks while gate is held.
type savedLists struct {
	mu    sync.Mutex
	lists [][]string
	gate  sync.Mutex
	calls chan []string
}

func (s *savedLists) save(_ context.Context, recent []string) error {
	s.gate.Lock()
	defer s.gate.Unlock()
	s.mu.Lock()
	s.lists = append(s.lists, recent)
	s.mu.Unlock()
	s.calls <- recent
	return nil
}

func (s *savedLists) next(t *testing.T) []string {
	t.Helper()
	select {
	case l := <-s.calls:
		return l
	case <-time.After(waitLimit):
		t.Fatal("no SaveRecent call")
		return nil
	}
}

// A restart shows the profiles used before it in the Recent section, from the first menu on,
// and a use saves the new list.
func TestControllerRestoresAndSavesRecent(t *testing.T) {
	t.Parallel()
	saves := &savedLists{calls: make(chan []string, 10)}
	names := manyNames(25)
	h := runController(t, Deps{
		FirstLoadWait: time.Hour,
		Load: func(context.Context) (Snapshot, error) {
			return Snapshot{Profiles: named(names...), Recent: []string{"p03", "gone", "p01", "p03"}}, nil
		},
		CopyEnv:    func(context.Context, Action) error { return nil },
		SaveRecent: saves.save,
	})
	first := <-h.menus
	if got, want := recentOf(first), []string{"p03", "p01"}; !slices.Equal(got, want) {
		t.Errorf("first menu's recent = %q, want %q (saved order, unknown and repeated names dropped)", got, want)
	}
	h.send(Action{Kind: CopyEnv, Profile: "p07"})
	if got, want := saves.next(t), []string{"p07", "p03", "gone", "p01"}; !slices.Equal(got, want) {
		t.Errorf("saved %q, want %q", got, want)
	}
	h.send(Action{Kind: CopyEnv, Profile: "p07"}) // already first: nothing to save
	h.until("p07 idle", func(m Menu) bool { return m.Icon == IconIdle && slices.Equal(recentOf(m)[:1], []string{"p07"}) })
	h.quit()
	if n := len(saves.lists); n != 1 {
		t.Errorf("%d saves, want 1: %q", n, saves.lists)
	}
}

// Saves run one at a time and the last one saves the latest list, however the clicks and
// the disk interleave.
func TestControllerSavesLatestRecentLast(t *testing.T) {
	t.Parallel()
	saves := &savedLists{calls: make(chan []string, 10)}
	h := runController(t, Deps{
		Load:       staticLoad(manyNames(25)...),
		CopyEnv:    func(context.Context, Action) error { return nil },
		SaveRecent: saves.save,
	})
	h.until("loaded", func(m Menu) bool { return len(m.Items) > 5 })
	saves.gate.Lock() // the disk is slow
	for _, p := range []string{"p01", "p02", "p03", "p04"} {
		h.send(Action{Kind: CopyEnv, Profile: p})
		h.until(p+" recent", func(m Menu) bool { r := recentOf(m); return len(r) > 0 && r[0] == p })
	}
	saves.gate.Unlock()
	if got := saves.next(t); !slices.Equal(got, []string{"p01"}) {
		t.Errorf("first save %q, want the list of the first click", got)
	}
	if got, want := saves.next(t), []string{"p04", "p03", "p02", "p01"}; !slices.Equal(got, want) {
		t.Errorf("second save %q, want the latest list %q", got, want)
	}
	h.quit() // waits for saves in flight
	if n := len(saves.lists); n != 2 {
		t.Errorf("%d saves, want 2 (the clicks during a save coalesce): %q", n, saves.lists)
	}
}

// A failing save is notified once, not on every click.
func TestControllerRecentSaveFailureNotifiedOnce(t *testing.T) {
	t.Parallel()
	var notes recorder
	calls := make(chan struct{}, 10)
	h := runController(t, Deps{
		Load:    staticLoad(manyNames(25)...),
		CopyEnv: func(context.Context, Action) error { return nil },
		SaveRecent: func(context.Context, []string) error {
			calls <- struct{}{}
			return errors.New("open recent.json: read-only file system; free the disk or fix its permissions")
		},
		Notify: notes.notify,
	})
	h.until("loaded", func(m Menu) bool { return len(m.Items) > 5 })
	for _, p := range []string{"p01", "p02", "p03"} {
		h.send(Action{Kind: CopyEnv, Profile: p})
		<-calls
	}
	h.quit()
	if got := notes.get(); len(got) != 1 || got[0] != "Couldn't remember the recent profiles: open recent.json: read-only file system; free the disk or fix its permissions" {
		t.Errorf("notifications %q, want one", got)
	}
}
