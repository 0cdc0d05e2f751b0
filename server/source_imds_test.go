package server

import (
	"context"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

// imdsPoll asks src for credentials every step for span, as an IMDS client polling, and
// returns the least life any of them had left when handed out.
func imdsPoll(t *testing.T, clock *fakeaws.Clock, src *Source, step, span time.Duration) time.Duration {
	t.Helper()
	least := time.Duration(1<<63 - 1)
	for end := clock.Now().Add(span); clock.Now().Before(end); clock.Advance(step) {
		snap, err := src.Get(context.Background())
		if err != nil {
			t.Fatalf("at %s: %v", clock.Now(), err)
		}
		least = min(least, snap.Expires().Sub(clock.Now()))
	}
	return least
}

// Under the IMDS rule, one-hour sessions are handed out with at least IMDSMinRemaining left
// (botocore extends anything with less by itself), at one refresh per 35 minutes or so.
func TestSourceIMDSRuleKeepsTwentyMinutes(t *testing.T) {
	t.Parallel()
	clock := fakeaws.NewClock(t0)
	f := newCredsFunc(clock, time.Hour)
	src := NewSource(f.fn, SourceOptions{RefreshBefore: IMDSRefreshBefore, MinRemaining: IMDSMinRemaining, ScaleForShortSessions: true, Now: clock.Now})
	t.Cleanup(src.Close)
	if least := imdsPoll(t, clock, src, 30*time.Second, 4*time.Hour); least < IMDSMinRemaining {
		t.Errorf("a credential was handed out with %s left, want at least %s", least, IMDSMinRemaining)
	}
	if calls := f.calls.Load(); calls > 4*60/35+2 {
		t.Errorf("%d refreshes in 4 hours, want one per ~35 minutes", calls)
	}
}

// A session shorter than the IMDS rule allows (-d 15m) is refreshed every third of its life
// and handed out with at least half of it left, not refreshed on every request.
func TestSourceIMDSRuleScalesForShortSessions(t *testing.T) {
	t.Parallel()
	clock := fakeaws.NewClock(t0)
	f := newCredsFunc(clock, 15*time.Minute)
	src := NewSource(f.fn, SourceOptions{RefreshBefore: IMDSRefreshBefore, MinRemaining: IMDSMinRemaining, ScaleForShortSessions: true, Now: clock.Now})
	t.Cleanup(src.Close)
	least := imdsPoll(t, clock, src, 10*time.Second, time.Hour)
	if least < 15*time.Minute/2 {
		t.Errorf("a credential was handed out with %s left, want at least half the session's 15 minutes", least)
	}
	if calls := f.calls.Load(); calls > 60/5+2 {
		t.Errorf("%d refreshes of 15-minute sessions in an hour polled every 10 s, want about one per 5 minutes", calls)
	}
}
