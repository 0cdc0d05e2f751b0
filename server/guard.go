package server

import (
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// guard is the check every request passes before a handler sees it. Anything that can reach
// a credentials server can read the credentials, so it admits only requests from this
// computer, addressed to this listener by its address (or localhost), and not made by a browser. It logs nothing.
type guard struct {
	next  http.Handler
	local netip.Addr // the listener's IP: on a loopback alias (169.254.169.254) peers use it
	hosts []string   // the Host header values accepted
	peer  PeerCheck  // nil: any local peer
	// noStore is the Cache-Control value, shared so that the hot path does not allocate it.
	noStore []string
}

// newGuard wraps next for a listener at addr (host:port).
func newGuard(addr string, next http.Handler) *guard {
	g := &guard{next: next, hosts: []string{addr}, noStore: []string{"no-store"}}
	if ap, err := netip.ParseAddrPort(addr); err == nil {
		g.local = ap.Addr().Unmap()
		port := strconv.Itoa(int(ap.Port()))
		if g.local.IsLoopback() {
			// AWS_CONTAINER_CREDENTIALS_FULL_URI=http://localhost:PORT, which aws-vault and the
			// SDKs accept. A rebinding page cannot send it: its Host is its own name.
			g.hosts = append(g.hosts, "localhost:"+port)
		}
		if ap.Port() == 80 {
			// http://169.254.169.254/ sends the bare host, as the IMDS clients do.
			host, _, _ := net.SplitHostPort(addr)
			if ap.Addr().Is6() {
				host = "[" + host + "]"
			}
			g.hosts = append(g.hosts, host)
			if g.local.IsLoopback() {
				g.hosts = append(g.hosts, "localhost")
			}
		}
	}
	return g
}

func (g *guard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header()["Cache-Control"] = g.noStore
	switch {
	case !g.localPeer(r.RemoteAddr):
		writeJSONError(w, http.StatusForbidden, "Forbidden", "requests are answered from this computer only")
	case !g.knownHost(r.Host):
		// A DNS-rebinding page reaches this address under its own host name.
		writeJSONError(w, http.StatusForbidden, "Forbidden", "unexpected Host header")
	case fromBrowser(r.Header):
		writeJSONError(w, http.StatusForbidden, "Forbidden", "browser requests are refused")
	case g.peer != nil && peerRefused(g.peer, r):
		writeJSONError(w, http.StatusForbidden, "Forbidden", "requests are answered for the user who started the server only")
	default:
		g.next.ServeHTTP(w, r)
	}
}

// localPeer admits loopback peers, and the listener's own address: a client on this computer
// connecting to an alias on the loopback interface (169.254.169.254) comes from that alias.
func (g *guard) localPeer(remote string) bool {
	ap, err := netip.ParseAddrPort(remote)
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	return ip.IsLoopback() || (g.local.IsValid() && ip == g.local)
}

func (g *guard) knownHost(host string) bool {
	return slices.Contains(g.hosts, host)
}

// fromBrowser: browsers send Origin on cross-origin and non-GET requests and Sec-Fetch-* on
// every request; command-line clients and SDKs send neither.
func fromBrowser(h http.Header) bool {
	if _, ok := h["Origin"]; ok {
		return true
	}
	for k := range h {
		if strings.HasPrefix(k, "Sec-Fetch-") {
			return true
		}
	}
	return false
}
