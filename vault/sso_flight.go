package vault

import (
	"context"
	"sync"
)

// sharedFlights runs one function per key for any number of callers, like singleflight,
// but the work is cancelled once every caller has given up: a sign-in nobody waits for any
// more stops polling (and a menu's "Cancel" really cancels), while one caller giving up
// leaves the others theirs.
type sharedFlights struct {
	mu sync.Mutex
	m  map[string]*sharedFlight
}

type sharedFlight struct {
	done    chan struct{}
	val     any
	err     error
	waiters int
	cancel  context.CancelFunc
}

// Do runs fn once for key (joining a run in progress) and returns its result, or ctx's error
// when ctx ends first. fn's context keeps ctx's values, not its cancellation.
func (g *sharedFlights) Do(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	g.mu.Lock()
	if g.m == nil {
		g.m = map[string]*sharedFlight{}
	}
	f := g.m[key]
	if f == nil {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &sharedFlight{done: make(chan struct{}), cancel: cancel}
		g.m[key] = f
		go func() {
			defer cancel()
			f.val, f.err = fn(fctx)
			g.forget(key, f)
			close(f.done)
		}()
	}
	f.waiters++
	g.mu.Unlock()
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		g.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			f.cancel()
			// Whoever asks next starts afresh rather than joining a cancelled run.
			if g.m[key] == f {
				delete(g.m, key)
			}
		}
		g.mu.Unlock()
		return nil, ctx.Err()
	}
}

func (g *sharedFlights) forget(key string, f *sharedFlight) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.m[key] == f {
		delete(g.m, key)
	}
}
