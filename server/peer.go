package server

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// PeerCheck says whether the connection r arrived on may be answered: nil, or why not. It is
// asked once per connection (a kept-alive client pays for it once), and its error is never
// shown to the client, which learns only that it was refused.
type PeerCheck func(r *http.Request) error

// Options are a server's optional checks.
type Options struct {
	// Peer, when set, admits only connections it accepts: the EC2 server, which has no token,
	// passes login.SameUser so that another local user who finds its port is refused.
	Peer PeerCheck
}

// connPeer is one connection's verdict, decided at its first request.
type connPeer struct {
	once sync.Once
	err  error
}

type connPeerKey struct{}

// withConnPeer gives each connection's context a fresh connPeer (http.Server.ConnContext).
func withConnPeer(ctx context.Context, _ net.Conn) context.Context {
	return context.WithValue(ctx, connPeerKey{}, &connPeer{})
}

// peerRefused reports whether check refuses the connection of r. A request without a
// connPeer (a handler called directly) is checked each time.
func peerRefused(check PeerCheck, r *http.Request) bool {
	c, ok := r.Context().Value(connPeerKey{}).(*connPeer)
	if !ok {
		return check(r) != nil
	}
	c.once.Do(func() { c.err = check(r) })
	return c.err != nil
}
