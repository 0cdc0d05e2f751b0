package server

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// CredentialsFunc returns the credentials a server hands out. It may be slow (an STS call, an
// MFA prompt): a Source calls it at most once at a time, and never on a request's behalf
// while the credentials it holds are good for a while yet.
type CredentialsFunc func(ctx context.Context) (aws.Credentials, error)

// SourceOptions say when a Source refreshes. Zero (or negative) values mean the defaults.
type SourceOptions struct {
	// RefreshBefore: with less than this left, requests still get the current credentials at
	// once, and one of them starts a refresh in the background. Default 5 minutes.
	RefreshBefore time.Duration
	// MinRemaining: with less than this left, or none, requests wait for the refresh, so that a
	// client never gets credentials that expire before it can use them. Default 1 minute.
	MinRemaining time.Duration
	// ScaleForShortSessions caps RefreshBefore at two thirds and MinRemaining at half of each
	// snapshot's life (from fetch to expiry), so that a session shorter than they are (the
	// IMDS rule's with a 15-minute session) is refreshed every third of its life rather than
	// on every request. Without it a snapshot fetched with little left is refreshed at once.
	ScaleForShortSessions bool
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// OnError, when set, hears of the first failed refresh after a success (the app notifies
	// the user, `serve` says it on stderr: a server whose credentials can no longer be
	// refreshed will soon fail its clients). The retries every 30 s that fail the same way are
	// not reported again, a failure after the next success is. It is called on the refresh's
	// goroutine; it must not block.
	OnError func(error)
}

// The IMDS rule. botocore treats instance credentials with less than 12 to 20 minutes left
// (ec2_credential_refresh_window, 10 minutes, plus 2 to 10 of jitter) as a metadata service
// outage and extends their expiry by itself, so it goes on signing with them after they
// expired. EC2 hands out credentials long before expiry; a Source behind an EC2 server
// refreshes from IMDSRefreshBefore and serves nothing with less than IMDSMinRemaining left,
// whenever the session is long enough (see ScaleForShortSessions).
const (
	IMDSRefreshBefore = 25 * time.Minute
	IMDSMinRemaining  = 20 * time.Minute
)

const (
	defaultRefreshBefore = 5 * time.Minute
	defaultMinRemaining  = time.Minute
	// backgroundRetry spaces background refreshes. After one fails, or brings back credentials
	// still inside RefreshBefore (as a cached session near its own refresh point can), the next
	// waits this long, so that a failing or prompting function is not called on every request.
	backgroundRetry = 30 * time.Second
)

// ErrClosed is returned for a refresh asked of a closed Source.
var ErrClosed = errors.New("credentials source is closed")

// Source holds the credentials a server hands out, as one immutable [Snapshot] that requests
// read without locking. It refreshes them single-flight: one call of its function at a time,
// shared by every request that needs it, started ahead of expiry so that in steady state no
// request waits. While refreshes fail (STS down or not answering: the function's calls are
// bounded by their own deadline), a snapshot that has not expired keeps being served at once,
// even inside MinRemaining, and a refresh is tried again every backgroundRetry; a failure
// reaches requests only when nothing valid is left.
type Source struct {
	fn   CredentialsFunc
	opts SourceOptions
	// ctx is what fn runs under: a refresh outlives the request that started it, because others
	// may be waiting for it, and ends only with Close.
	ctx    context.Context
	cancel context.CancelFunc

	cur atomic.Pointer[Snapshot]
	// failing is set by a failed refresh and cleared by a successful one: while it is set,
	// requests take a still-valid snapshot rather than wait for the next attempt.
	failing atomic.Bool

	mu        sync.Mutex
	flight    *flight   // the refresh in progress, or nil
	lastStart time.Time // when the last refresh started, to space background ones
}

// flight is one call of the credentials function. Its result fields are written once, before
// done is closed, and only read after.
type flight struct {
	done chan struct{}
	snap *Snapshot
	err  error
}

// NewSource returns a Source over fn. It fetches nothing until the first request or [Source.Prime].
func NewSource(fn CredentialsFunc, o SourceOptions) *Source {
	if o.RefreshBefore <= 0 {
		o.RefreshBefore = defaultRefreshBefore
	}
	if o.MinRemaining <= 0 {
		o.MinRemaining = defaultMinRemaining
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if fn == nil {
		fn = func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{}, errors.New("no credentials function")
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Source{fn: fn, opts: o, ctx: ctx, cancel: cancel}
}

// Get returns credentials with at least MinRemaining left. It returns at once while the
// snapshot has that much, starting a background refresh when less than RefreshBefore is left;
// otherwise it waits for the refresh (started by this call or already running) or for ctx.
func (s *Source) Get(ctx context.Context) (*Snapshot, error) {
	if snap := s.ready(); snap != nil {
		return snap, nil
	}
	return s.wait(ctx)
}

// Prime fetches credentials once and waits for them, so that the first request is served at
// once and a failure shows when the server starts rather than in some client.
func (s *Source) Prime(ctx context.Context) error {
	s.mu.Lock()
	f := s.flight
	if f == nil {
		f = s.startLocked()
	}
	s.mu.Unlock()
	_, err := s.await(ctx, f)
	return err
}

// Close cancels a refresh in flight (dismissing, say, an MFA prompt) and fails every later
// one with [ErrClosed]. The snapshot already held is served until it runs out.
func (s *Source) Close() {
	s.cancel()
}

// ready is the hot path: one atomic load and a clock read. It returns nil when the caller
// must wait.
func (s *Source) ready() *Snapshot {
	snap := s.cur.Load()
	if snap == nil {
		return nil
	}
	left := snap.expires.Sub(s.opts.Now())
	refreshBefore, minRemaining := s.thresholds(snap)
	switch {
	case left > refreshBefore:
		return snap
	case left > minRemaining, left > 0 && s.failing.Load():
		s.background()
		return snap
	}
	return nil
}

// thresholds are RefreshBefore and MinRemaining for snap, scaled down for a session too short
// for them when ScaleForShortSessions is set.
func (s *Source) thresholds(snap *Snapshot) (refreshBefore, minRemaining time.Duration) {
	if !s.opts.ScaleForShortSessions {
		return s.opts.RefreshBefore, s.opts.MinRemaining
	}
	return min(s.opts.RefreshBefore, snap.expires.Sub(snap.fetched)*2/3), s.minRemaining(snap)
}

func (s *Source) minRemaining(snap *Snapshot) time.Duration {
	if !s.opts.ScaleForShortSessions {
		return s.opts.MinRemaining
	}
	return min(s.opts.MinRemaining, snap.expires.Sub(snap.fetched)/2)
}

func (s *Source) background() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flight == nil && s.opts.Now().Sub(s.lastStart) >= backgroundRetry {
		s.startLocked()
	}
}

func (s *Source) wait(ctx context.Context) (*Snapshot, error) {
	s.mu.Lock()
	// A refresh may have finished since ready looked; starting another would call fn twice.
	if snap := s.cur.Load(); snap != nil && snap.expires.Sub(s.opts.Now()) > s.minRemaining(snap) {
		s.mu.Unlock()
		return snap, nil
	}
	f := s.flight
	if f == nil {
		f = s.startLocked()
	}
	s.mu.Unlock()
	snap, err := s.await(ctx, f)
	if err != nil && s.failing.Load() { // the refresh failed: a valid snapshot beats an error
		if old := s.cur.Load(); old != nil && old.expires.After(s.opts.Now()) {
			return old, nil
		}
	}
	return snap, err
}

func (s *Source) await(ctx context.Context, f *flight) (*Snapshot, error) {
	select {
	case <-f.done:
		return f.snap, f.err
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for credentials: %w", context.Cause(ctx))
	}
}

func (s *Source) startLocked() *flight {
	f := &flight{done: make(chan struct{})}
	s.flight = f
	s.lastStart = s.opts.Now()
	go s.run(f)
	return f
}

func (s *Source) run(f *flight) {
	snap, err := s.fetch()
	// run is single-flight, so failing still says how the previous refresh went.
	if err != nil && s.opts.OnError != nil && !errors.Is(err, ErrClosed) && !s.failing.Load() {
		s.opts.OnError(err)
	}
	s.mu.Lock()
	if err == nil {
		s.cur.Store(snap)
	}
	s.failing.Store(err != nil && !errors.Is(err, ErrClosed))
	s.flight = nil
	s.mu.Unlock()
	f.snap, f.err = snap, err
	close(f.done)
}

func (s *Source) fetch() (*Snapshot, error) {
	if s.ctx.Err() != nil {
		return nil, ErrClosed
	}
	creds, err := s.fn(s.ctx)
	if err != nil && s.ctx.Err() != nil {
		err = fmt.Errorf("%w: %w", ErrClosed, err)
	}
	if err == nil {
		var snap *Snapshot
		if snap, err = newSnapshot(creds, s.opts.Now()); err == nil {
			return snap, nil
		}
	}
	// Long-term keys never expire: when re-reading them fails, keep serving them, re-dated.
	if old := s.cur.Load(); old != nil && !old.creds.CanExpire && !errors.Is(err, ErrClosed) {
		return newSnapshot(old.creds, s.opts.Now())
	}
	return nil, err
}
