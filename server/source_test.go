package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

// A request that would have to wait fails at once under a cancelled context, so Get with one
// asserts "served without waiting".
func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestSourceServesWithoutWaitingWhileFresh(t *testing.T) {
	t.Parallel()
	src, f, clock := primed(t, time.Hour)
	clock.Advance(50 * time.Minute) // 10 minutes left: outside the 5-minute refresh window
	snap, err := src.Get(cancelled())
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.Credentials().AccessKeyID; got != fakeCreds(1, t0, 0).AccessKeyID {
		t.Errorf("got %s, want call 1's credentials", got)
	}
	if n := f.calls.Load(); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

// In the refresh window requests never wait: the refresh runs behind them, once.
func TestSourceRefreshesInBackgroundAheadOfExpiry(t *testing.T) {
	t.Parallel()
	src, f, clock := primed(t, 10*time.Minute)
	release := f.hold()
	defer release()

	clock.Advance(6 * time.Minute) // 4 minutes left: inside RefreshBefore, above MinRemaining
	for i := range 20 {
		snap, err := src.Get(cancelled())
		if err != nil {
			t.Fatalf("request %d waited: %v", i, err)
		}
		if got := snap.Credentials().AccessKeyID; got != fakeCreds(1, t0, 0).AccessKeyID {
			t.Fatalf("request %d got %s before the refresh finished", i, got)
		}
	}
	f.waitStarted(t, 2)
	done := inFlight(src)
	release()
	<-done

	snap, err := src.Get(cancelled())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := snap.Credentials().AccessKeyID, fakeCreds(2, t0, 0).AccessKeyID; got != want {
		t.Errorf("after the refresh got %s, want %s", got, want)
	}
	if n := f.calls.Load(); n != 2 {
		t.Errorf("%d calls, want 2 (prime + one background refresh)", n)
	}
}

// The budget: a thousand requests arriving just after expiry make exactly one call, and all
// of them get the new credentials.
func TestSourceThousandRequestsAtExpiryMakeOneCall(t *testing.T) {
	t.Parallel()
	src, f, clock := primed(t, time.Hour)
	ecs, err := NewECS(src, ECSOptions{Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	release := f.hold()
	defer release()
	clock.Advance(time.Hour + time.Second)

	const n = 1000
	var entered atomic.Int32
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered.Add(1)
		ecs.ServeHTTP(w, r)
	})
	bodies := make([]ecsBody, n)
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			w := do(counted, request(http.MethodGet, "/", map[string]string{"Authorization": "tok"}))
			codes[i] = w.Code
			_ = json.Unmarshal(w.Body.Bytes(), &bodies[i])
		})
	}
	f.waitStarted(t, 2)
	for entered.Load() < n { // all of them in the handler before the call returns
		time.Sleep(time.Millisecond)
	}
	release()
	wg.Wait()

	if calls := f.calls.Load(); calls != 2 {
		t.Errorf("%d calls, want 2 (prime + one refresh)", calls)
	}
	want := fakeCreds(2, t0, 0).AccessKeyID
	for i := range n {
		if codes[i] != http.StatusOK || bodies[i].AccessKeyID != want {
			t.Fatalf("request %d: %d %s, want 200 %s", i, codes[i], bodies[i].AccessKeyID, want)
		}
		exp, err := time.Parse(time.RFC3339, bodies[i].Expiration)
		if err != nil || !exp.After(clock.Now()) {
			t.Fatalf("request %d: expiration %q is not in the future (%v)", i, bodies[i].Expiration, err)
		}
	}
}

// A failed background refresh leaves the valid snapshot in service and is not retried on
// every request; a request that must wait gets the error.
func TestSourceFailedRefresh(t *testing.T) {
	t.Parallel()
	src, f, clock := primed(t, 10*time.Minute)
	f.fail(true)
	clock.Advance(6 * time.Minute)
	if _, err := src.Get(cancelled()); err != nil {
		t.Fatal(err)
	}
	f.waitStarted(t, 2)
	if done := inFlight(src); done != nil {
		<-done
	}
	for range 10 {
		snap, err := src.Get(cancelled())
		if err != nil || snap.Credentials().AccessKeyID != fakeCreds(1, t0, 0).AccessKeyID {
			t.Fatalf("after a failed refresh: %v, %v; want the still-valid snapshot", snap, err)
		}
	}
	if n := f.calls.Load(); n != 2 {
		t.Errorf("%d calls, want 2: a failed background refresh waits before the next", n)
	}

	// 30 seconds left, below MinRemaining: with refreshes failing, the still-valid snapshot
	// is served at once rather than a wait that ends in an error.
	clock.Advance(3*time.Minute + 30*time.Second)
	snap, err := src.Get(cancelled())
	if err != nil || snap.Credentials().AccessKeyID != fakeCreds(1, t0, 0).AccessKeyID {
		t.Fatalf("30 s before expiry, refreshes failing: %v, %v; want the still-valid snapshot at once", snap, err)
	}
	f.waitStarted(t, 3) // and a refresh is tried again in the background
	if done := inFlight(src); done != nil {
		<-done
	}
	clock.Advance(30 * time.Second) // expired: never served, the request waits and fails
	if _, err := src.Get(context.Background()); err == nil || !strings.Contains(err.Error(), "sts is down") {
		t.Fatalf("got %v, want the function's error", err)
	}
	f.fail(false)
	snap, err = src.Get(context.Background())
	if err != nil || snap.Credentials().AccessKeyID != fakeCreds(5, t0, 0).AccessKeyID {
		t.Fatalf("after recovery: %v, %v", snap, err)
	}
}

// A request that waits for a refresh because little is left gets the still-valid snapshot
// when that refresh fails, not an error; once it has failed, later requests do not wait.
func TestSourceWaitingRequestKeepsValidSnapshotWhenRefreshFails(t *testing.T) {
	t.Parallel()
	src, f, clock := primed(t, 10*time.Minute)
	f.fail(true)
	clock.Advance(9*time.Minute + 30*time.Second) // 30 seconds left: requests wait for a refresh
	snap, err := src.Get(context.Background())
	if err != nil || snap.Credentials().AccessKeyID != fakeCreds(1, t0, 0).AccessKeyID {
		t.Fatalf("refresh failed with 30 s left: %v, %v; want the still-valid snapshot", snap, err)
	}
	if snap, err := src.Get(cancelled()); err != nil || snap.Credentials().AccessKeyID != fakeCreds(1, t0, 0).AccessKeyID {
		t.Fatalf("after the failure a request waited: %v, %v", snap, err)
	}
}

func TestSourceRefusesExpiredCredentials(t *testing.T) {
	t.Parallel()
	clock := fakeaws.NewClock(t0)
	src := NewSource(func(context.Context) (aws.Credentials, error) {
		return fakeCreds(1, clock.Now(), -time.Second), nil
	}, SourceOptions{Now: clock.Now})
	defer src.Close()
	if _, err := src.Get(context.Background()); !errors.Is(err, ErrExpired) {
		t.Fatalf("got %v, want ErrExpired", err)
	}
}

// Long-term keys never expire: they are served with an hour's Expiration (botocore needs
// one), re-read when that runs low, and kept if re-reading fails.
func TestSourceLongTermKeysNeverExpire(t *testing.T) {
	t.Parallel()
	clock := fakeaws.NewClock(t0)
	var calls atomic.Int32
	src := NewSource(func(context.Context) (aws.Credentials, error) {
		if calls.Add(1) > 1 {
			return aws.Credentials{}, errors.New("keyring is locked")
		}
		return aws.Credentials{AccessKeyID: "AKIAFAKE", SecretAccessKey: "s"}, nil
	}, SourceOptions{Now: clock.Now})
	defer src.Close()
	for range 5 {
		snap, err := src.Get(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if snap.Credentials().AccessKeyID != "AKIAFAKE" || !snap.Expires().After(clock.Now().Add(time.Minute)) {
			t.Fatalf("got %s until %s at %s", snap.Credentials().AccessKeyID, snap.Expires(), clock.Now())
		}
		clock.Advance(3 * time.Hour)
	}
}

func TestSourceCloseCancelsRefresh(t *testing.T) {
	t.Parallel()
	src, f, clock := primed(t, time.Hour)
	release := f.hold()
	defer release()
	clock.Advance(2 * time.Hour)
	errc := make(chan error, 1)
	go func() {
		_, err := src.Get(context.Background())
		errc <- err
	}()
	f.waitStarted(t, 2)
	src.Close()
	if err := <-errc; !errors.Is(err, ErrClosed) {
		t.Fatalf("got %v, want ErrClosed", err)
	}
	if _, err := src.Get(context.Background()); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close got %v, want ErrClosed", err)
	}
}

func TestSourceWaitEndsWithContext(t *testing.T) {
	t.Parallel()
	src, f, clock := primed(t, time.Hour)
	release := f.hold()
	defer release()
	clock.Advance(2 * time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := src.Get(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's deadline", err)
	}
}

// OnError hears of a failed refresh (the app tells the user a server's session can no longer
// be refreshed) but not of a successful one, and once per run of failures: not of every retry.
func TestSourceReportsFailedRefresh(t *testing.T) {
	t.Parallel()
	clock := fakeaws.NewClock(t0)
	f := newCredsFunc(clock, 10*time.Minute)
	errs := make(chan error, 4)
	src := NewSource(f.fn, SourceOptions{Now: clock.Now, OnError: func(err error) { errs <- err }})
	t.Cleanup(src.Close)
	if err := src.Prime(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(errs) != 0 {
		t.Fatalf("a successful refresh reported %v", <-errs)
	}
	f.fail(true)
	clock.Advance(6 * time.Minute)
	if _, err := src.Get(cancelled()); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errs:
		if !strings.Contains(err.Error(), "sts is down") {
			t.Errorf("reported %v, want the function's error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a failed background refresh was not reported")
	}
	for range 3 { // the retries fail the same way
		clock.Advance(backgroundRetry + time.Second)
		if err := src.Prime(context.Background()); err == nil {
			t.Fatal("a refresh succeeded while the function fails")
		}
	}
	if len(errs) != 0 {
		t.Errorf("retries that failed again were reported %d times, want once in all", len(errs))
	}
	f.fail(false)
	if err := src.Prime(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.fail(true)
	if err := src.Prime(context.Background()); err == nil || len(errs) != 1 {
		t.Errorf("a failure after a success: err %v, reported %d times, want once", err, len(errs))
	}
}
