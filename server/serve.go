package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/netip"
	"time"
)

// Listen listens on a loopback address. "" and a missing host (":0", ":9099") mean 127.0.0.1;
// port 0 picks a free one. Any other address is refused, unless it sits on a loopback
// interface (169.254.169.254 added as an alias to lo, as the EC2 server needs).
func Listen(addr string) (net.Listener, error) {
	ap, err := loopbackAddr(addr)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", ap.String())
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", ap, err)
	}
	return ln, nil
}

func loopbackAddr(addr string) (netip.AddrPort, error) {
	addr = cmp.Or(addr, "127.0.0.1:0")
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("listen on %q: want host:port, such as 127.0.0.1:9099 or :0", addr)
	}
	p, err := netip.ParseAddrPort(net.JoinHostPort("0.0.0.0", port))
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("listen on %q: bad port %q", addr, port)
	}
	var ip netip.Addr
	switch host {
	case "", "localhost":
		ip = netip.AddrFrom4([4]byte{127, 0, 0, 1})
	default:
		if ip, err = netip.ParseAddr(host); err != nil {
			return netip.AddrPort{}, fmt.Errorf("listen on %q: %q is not an IP address; credentials servers listen on loopback only (try 127.0.0.1:%s)", addr, host, port)
		}
	}
	ip = ip.Unmap()
	if !ip.IsLoopback() && !onLoopbackInterface(ip) {
		return netip.AddrPort{}, fmt.Errorf("listen on %q: %s is not a loopback address, and anything that can reach the server can read the credentials (try 127.0.0.1:%s, or add %s to the loopback interface first)", addr, ip, port, ip)
	}
	return netip.AddrPortFrom(ip, p.Port()), nil
}

// onLoopbackInterface reports whether ip is assigned to a loopback interface, as
// 169.254.169.254 is once aliased there for the EC2 server.
func onLoopbackInterface(ip netip.Addr) bool {
	if ip.IsUnspecified() || ip.IsMulticast() {
		return false
	}
	ifaces, err := net.Interfaces()
	if err != nil {
		return false
	}
	for _, iface := range ifaces {
		if iface.Flags&net.FlagLoopback == 0 {
			continue
		}
		addrs, err := iface.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				if got, ok := netip.AddrFromSlice(n.IP); ok && got.Unmap() == ip {
					return true
				}
			}
		}
	}
	return false
}

// connLimits bound what one connection may take of the server. Clients are local and
// quick, and requests carry no body, so each bound is far above what a client needs.
type connLimits struct {
	// readHeader bounds reading a request's headers; a header-dribbling peer is cut off.
	readHeader time.Duration
	// read bounds reading a whole request, body included: a peer that declares a body and
	// never sends it is cut off, rather than holding its connection and goroutine forever.
	read time.Duration
	// idle bounds a kept-alive connection between requests.
	idle time.Duration
	// maxHeaderBytes bounds a request's headers.
	maxHeaderBytes int
}

// defaultConnLimits are every server's. There is no write timeout: answers are a few hundred
// bytes that the kernel buffers at once, and a request waiting for a refresh is bounded by
// maxWait instead; a write deadline would cost a timer reset per request for nothing.
var defaultConnLimits = connLimits{
	readHeader:     5 * time.Second,
	read:           10 * time.Second,
	idle:           2 * time.Minute,
	maxHeaderBytes: 64 << 10,
}

// Server is one running credentials server. Several can run at once; they share nothing.
type Server struct {
	srv  *http.Server
	url  string
	stop context.CancelFunc // ends the requests still waiting for a refresh
	errc chan error
}

// Serve serves h on ln, behind the checks every request must pass (loopback peer, exact Host,
// no browser headers, no caching), until Shutdown. It returns at once; a failure to serve
// arrives on Err.
func Serve(ln net.Listener, h http.Handler) *Server {
	return ServeWith(ln, h, Options{})
}

// ServeWith is Serve with the checks of o as well.
func ServeWith(ln net.Listener, h http.Handler, o Options) *Server {
	return serveWith(ln, h, o, defaultConnLimits)
}

// serveWith is ServeWith with other connection limits (tests shorten them).
func serveWith(ln net.Listener, h http.Handler, o Options, l connLimits) *Server {
	addr := ln.Addr().String()
	base, stop := context.WithCancel(context.Background())
	g := newGuard(addr, h)
	g.peer = o.Peer
	s := &Server{
		srv: &http.Server{
			Handler:           g,
			ConnContext:       withConnPeer,
			ReadHeaderTimeout: l.readHeader,
			ReadTimeout:       l.read,
			IdleTimeout:       l.idle,
			MaxHeaderBytes:    l.maxHeaderBytes,
			// net/http logs some failures itself; a credentials server logs nothing.
			ErrorLog:    log.New(io.Discard, "", 0),
			BaseContext: func(net.Listener) context.Context { return base },
		},
		url:  "http://" + urlHost(addr),
		stop: stop,
		errc: make(chan error, 1),
	}
	go func() {
		defer close(s.errc)
		if err := s.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			s.errc <- fmt.Errorf("serve on %s: %w", addr, err)
		}
	}()
	return s
}

// urlHost drops ":80", so that the URL's Host header is the bare host the guard also accepts.
func urlHost(addr string) string {
	if _, port, err := net.SplitHostPort(addr); err == nil && port == "80" {
		return addr[:len(addr)-len(":80")]
	}
	return addr
}

// URL is the server's base URL, such as http://127.0.0.1:49152, for
// AWS_CONTAINER_CREDENTIALS_FULL_URI or AWS_EC2_METADATA_SERVICE_ENDPOINT.
func (s *Server) URL() string { return s.url }

// Err delivers the error that stopped the server, if it stopped by itself; it is closed once
// the server stops accepting connections.
func (s *Server) Err() <-chan error { return s.errc }

// Shutdown stops accepting, ends the requests waiting for a refresh (they get a 504), lets
// the others finish, and waits for them or ctx. If ctx ends first, it closes the
// connections still open.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stop()
	if err := s.srv.Shutdown(ctx); err != nil {
		_ = s.srv.Close()
		return fmt.Errorf("shut down server: %w", err)
	}
	return nil
}
