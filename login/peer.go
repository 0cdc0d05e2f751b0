package login

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
)

// The one-time redirect answers only the user who asked for it. Its address is on the
// browser's command line, which every local user can read, and any of them can connect to a
// loopback port; so each request's connection is traced back to the socket at the other end
// and that socket's owner is compared with this process's user. Each OS has its own
// sameUserPeer (peer_linux.go, peer_darwin.go, peer_windows.go); where the owner cannot be
// found the answer is no, so the redirect fails closed.

// errPeerUnknown: no socket with the connection's addresses was found, or it has no owner
// (it was closed meanwhile).
var errPeerUnknown = errors.New("no owner found for the connecting socket")

// peerCheck reports whether the client end of a loopback TCP connection, seen from the
// server as local address server and remote address client, belongs to a process running
// as this process's user.
type peerCheck func(server, client netip.AddrPort) (bool, error)

// connAddrs is the (server, client) address pair of the connection r arrived on.
func connAddrs(r *http.Request) (server, client netip.AddrPort, err error) {
	local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	tcp, ok := local.(*net.TCPAddr)
	if !ok {
		return server, client, fmt.Errorf("connection has no local tcp address (%v)", local)
	}
	server = tcp.AddrPort()
	if client, err = netip.ParseAddrPort(r.RemoteAddr); err != nil {
		return server, client, fmt.Errorf("connection's remote address: %w", err)
	}
	return unmap(server), unmap(client), nil
}

// unmap turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into plain IPv4, as a socket
// table may list either form for the same connection.
func unmap(a netip.AddrPort) netip.AddrPort {
	return netip.AddrPortFrom(a.Addr().Unmap(), a.Port())
}

// isPeer reports whether a socket table row (local and remote address of some socket)
// is the client end of the connection (server, client): its local end is the client and
// its remote end the server.
func isPeer(local, remote, server, client netip.AddrPort) bool {
	return unmap(local) == client && unmap(remote) == server
}

// ErrOtherUser: a connection came from a socket of another local user.
var ErrOtherUser = errors.New("the connection belongs to another local user")

// SameUser returns nil when r arrived over a loopback connection whose other end belongs to
// this process's user, ErrOtherUser when it belongs to another, and an error when its owner
// cannot be found (which callers must treat as a refusal). The EC2 metadata server uses it:
// IMDS has no secret a client must present, so its port is the only thing between another
// local user and the credentials.
func SameUser(r *http.Request) error {
	return connFromUser(r, sameUserPeer)
}

// connFromUser is SameUser with the owner lookup given (the redirect's tests replace it).
func connFromUser(r *http.Request, sameUser peerCheck) error {
	server, client, err := connAddrs(r)
	if err != nil {
		return err
	}
	same, err := sameUser(server, client)
	switch {
	case err != nil:
		return fmt.Errorf("find the connection's user: %w", err)
	case !same:
		return ErrOtherUser
	}
	return nil
}
