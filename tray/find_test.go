package tray

import (
	"context"
	"testing"
	"time"
)

// "Find profile…" lists every profile the controller knows, with its state, and runs the
// action picked for the profile picked.
func TestControllerFindProfileRunsTheChoice(t *testing.T) {
	t.Parallel()
	listed := make(chan []FindRow, 1)
	copied := make(chan Action, 1)
	h := runController(t, Deps{
		Load: staticLoad("prod", "dev"),
		FindProfile: func(ctx context.Context, rows []FindRow) (Action, error) {
			listed <- rows
			return Action{Kind: CopyEnv, Profile: rows[1].Profile, Format: "export"}, nil
		},
		CopyEnv: func(ctx context.Context, a Action) error { copied <- a; return nil },
	})
	h.until("loaded", lineIs("dev", "keys stored"))
	h.send(findItem.Action)
	select {
	case rows := <-listed:
		if len(rows) != 2 || rows[0].Label != "prod — keys stored" || rows[1].Profile != "dev" {
			t.Errorf("Find profile listed %+v", rows)
		}
	case <-time.After(waitLimit):
		t.Fatal("Find profile never asked")
	}
	select {
	case a := <-copied:
		if a != (Action{Kind: CopyEnv, Profile: "dev", Format: "export"}) {
			t.Errorf("ran %+v, want dev's Copy env", a)
		}
	case <-time.After(waitLimit):
		t.Fatal("the chosen action never ran")
	}
	h.quit()
}
