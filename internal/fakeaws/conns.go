package fakeaws

import (
	"maps"
	"net"
	"net/http"
	"slices"
	"sync"
)

// connListener is a net.Listener fed by hand: the proxy passes it the TLS side of each CONNECT
// tunnel, so one http.Server serves (and on Close, closes) every tunnel.
type connListener struct {
	addr  net.Addr
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newConnListener(addr net.Addr) *connListener {
	return &connListener{addr: addr, conns: make(chan net.Conn), done: make(chan struct{})}
}

// hand gives c to the server; once the listener is closed it closes c instead.
func (l *connListener) hand(c net.Conn) {
	select {
	case l.conns <- c:
	case <-l.done:
		c.Close()
	}
}

func (l *connListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *connListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *connListener) Addr() net.Addr { return l.addr }

// connTracker follows the connections of the proxy's servers so Close can be exact:
// http.Server.Close misses a connection accepted just as it runs, and does not wait for
// connection goroutines to finish.
type connTracker struct {
	running sync.WaitGroup // accept loops, connection goroutines and CONNECT handlers

	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{}
}

// track is an http.Server ConnState hook.
func (t *connTracker) track(c net.Conn, state http.ConnState) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch state {
	case http.StateNew:
		t.running.Add(1) // never from zero: the accept loop calling us is counted
		t.conns[c] = struct{}{}
		if t.closed {
			c.Close()
		}
	case http.StateHijacked, http.StateClosed:
		delete(t.conns, c)
		t.running.Done()
	}
}

// closeAll closes every tracked connection, and any that shows up later.
func (t *connTracker) closeAll() {
	t.mu.Lock()
	t.closed = true
	conns := slices.Collect(maps.Keys(t.conns))
	t.mu.Unlock()
	// Outside the lock: closing a TLS conn can wait for a write in progress.
	for _, c := range conns {
		c.Close()
	}
}
