package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fakeCreds is call n's credentials, expiring after life.
func fakeCreds(n int, now time.Time, life time.Duration) aws.Credentials {
	return aws.Credentials{
		AccessKeyID:     fmt.Sprintf("ASIAFAKE%012d", n),
		SecretAccessKey: fmt.Sprintf("secret-%d", n),
		SessionToken:    fmt.Sprintf("token-%d", n),
		CanExpire:       true,
		Expires:         now.Add(life),
	}
}

// credsFunc is a CredentialsFunc that counts its calls, can be held (every call blocks until
// release), and fails while failing is set. Call n returns fakeCreds(n, clock, life).
type credsFunc struct {
	clock   *fakeaws.Clock
	life    time.Duration
	calls   atomic.Int32
	started chan int // gets n as call n starts

	mu      sync.Mutex
	gate    chan struct{} // nil: calls return at once
	failing bool
}

func newCredsFunc(clock *fakeaws.Clock, life time.Duration) *credsFunc {
	return &credsFunc{clock: clock, life: life, started: make(chan int, 100)}
}

func (f *credsFunc) fn(ctx context.Context) (aws.Credentials, error) {
	n := int(f.calls.Add(1))
	select { // a test that reads started reads it before 100 calls; others never block here
	case f.started <- n:
	default:
	}
	f.mu.Lock()
	gate, failing := f.gate, f.failing
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return aws.Credentials{}, ctx.Err()
		}
	}
	if failing {
		return aws.Credentials{}, errors.New("sts is down")
	}
	return fakeCreds(n, f.clock.Now(), f.life), nil
}

// hold makes the next calls block until the returned release is called.
func (f *credsFunc) hold() (release func()) {
	gate := make(chan struct{})
	f.mu.Lock()
	f.gate = gate
	f.mu.Unlock()
	return sync.OnceFunc(func() {
		f.mu.Lock()
		f.gate = nil
		f.mu.Unlock()
		close(gate)
	})
}

func (f *credsFunc) fail(on bool) {
	f.mu.Lock()
	f.failing = on
	f.mu.Unlock()
}

func (f *credsFunc) waitStarted(t *testing.T, n int) {
	t.Helper()
	select {
	case got := <-f.started:
		if got != n {
			t.Fatalf("call %d started, want call %d", got, n)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("call %d never started", n)
	}
}

// primed returns a Source over a counting function on a fake clock at t0, primed once.
func primed(t *testing.T, life time.Duration) (*Source, *credsFunc, *fakeaws.Clock) {
	t.Helper()
	clock := fakeaws.NewClock(t0)
	f := newCredsFunc(clock, life)
	src := NewSource(f.fn, SourceOptions{Now: clock.Now})
	t.Cleanup(src.Close)
	if err := src.Prime(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.waitStarted(t, 1)
	return src, f, clock
}

// inFlight returns the done channel of the refresh running now, or nil.
func inFlight(s *Source) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flight == nil {
		return nil
	}
	return s.flight.done
}

// testAddr is the listener address the guard is built for in handler-level tests.
const testAddr = "127.0.0.1:8080"

// request builds a request as a local client sends it to testAddr.
func request(method, path string, header map[string]string) *http.Request {
	r := httptest.NewRequest(method, "http://"+testAddr+path, nil)
	r.RemoteAddr = "127.0.0.1:50000"
	for k, v := range header {
		r.Header.Set(k, v)
	}
	return r
}

// do runs r through the guard and h, as Serve would.
func do(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	newGuard(testAddr, h).ServeHTTP(w, r)
	return w
}

// start serves h on a fresh loopback listener and stops it when the test ends.
func start(t *testing.T, h http.Handler) *Server {
	t.Helper()
	ln, err := Listen("")
	if err != nil {
		t.Fatal(err)
	}
	srv := Serve(ln, h)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Error(err)
		}
	})
	return srv
}
