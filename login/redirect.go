package login

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// ErrRedirectUnused: the one-time redirect ended (its context was cancelled or timed out)
// before a browser followed it.
var ErrRedirectUnused = errors.New("one-time sign-in redirect was not used")

// OneTime is a loopback HTTP server that redirects exactly one request to a target URL and
// then stops. A browser is given its URL (http://127.0.0.1:PORT/<random>) instead of the
// sign-in URL itself, so the sign-in token never appears on a command line (visible to
// every local user in ps) or in a launcher's log. The URL itself is on the browser's command
// line, so only connections from this process's own user are answered (see peer.go).
type OneTime struct {
	url  string
	done chan error
}

// URL is the address to open: http://127.0.0.1:PORT/<256 random bits, base64url>.
func (o *OneTime) URL() string { return o.url }

// Done is closed once the server has stopped, after delivering nil when the redirect was
// followed or an ErrRedirectUnused wrapping the context's error otherwise (and saying why
// a connection was refused, if one was: another user, or an owner that could not be found).
func (o *OneTime) Done() <-chan error { return o.done }

// ServeOnce starts a OneTime redirecting to target, an absolute http(s) URL. It listens on
// 127.0.0.1 on a random port until the first GET of its exact URL, or until ctx ends.
//
// Every other request gets 404 (wrong path or method, or already used) and reveals nothing;
// requests from a non-loopback address or with a Host other than 127.0.0.1:PORT get 403,
// which defeats DNS rebinding, and so do requests over a connection whose other end is not
// a socket of this process's user: another local user who read the URL off the browser's
// command line gets 403 and leaves the redirect for the browser. The redirect is a bare 302
// (no body naming the target) with Cache-Control: no-store and Referrer-Policy: no-referrer.
// Nothing is logged.
func ServeOnce(ctx context.Context, target string) (*OneTime, error) {
	if u, err := url.Parse(target); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		// The target is secret: the error does not repeat it.
		return nil, errors.New("serve one-time redirect: the target is not an absolute http(s) url")
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("serve one-time redirect: %w", err)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("serve one-time redirect: %w", err)
	}
	h := &onceHandler{
		host:     ln.Addr().String(),
		path:     "/" + base64.RawURLEncoding.EncodeToString(secret),
		target:   target,
		used:     make(chan struct{}),
		sameUser: sameUserPeer,
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          discardLog,
	}
	o := &OneTime{url: "http://" + h.host + h.path, done: make(chan error, 1)}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln) // returns http.ErrServerClosed once stopped below
	}()
	go func() {
		select {
		case <-h.used:
			// Let the redirect response finish (the handler is done once used is closed,
			// Shutdown waits for its connection), then stop.
			shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_ = srv.Shutdown(shutdownCtx)
			cancel()
		case <-ctx.Done():
		}
		_ = srv.Close()
		<-served
		var result error
		select {
		case <-h.used: // followed, even if ctx ended at the same moment
		default:
			result = fmt.Errorf("%w: %w", ErrRedirectUnused, ctx.Err())
			if why := h.refusal(); why != nil {
				result = fmt.Errorf("%w; %w", result, why)
			}
		}
		o.done <- result
		close(o.done)
	}()
	return o, nil
}

type onceHandler struct {
	host, path, target string
	fired              atomic.Bool
	used               chan struct{}
	sameUser           peerCheck // sameUserPeer, but for tests

	mu      sync.Mutex
	refused error // why the last connection that is not provably the user's was refused
}

// errOtherUser: a connection came from a socket of another user.
var errOtherUser = errors.New("refused a connection from another user")

// fromUser reports whether r arrived over a connection whose other end belongs to this
// process's user; anything else (another user, an owner that cannot be found) is no.
func (h *onceHandler) fromUser(r *http.Request) bool {
	err := connFromUser(r, h.sameUser)
	if err == nil {
		return true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.refused = errOtherUser
	if !errors.Is(err, ErrOtherUser) {
		h.refused = fmt.Errorf("refused a connection whose user could not be found: %w", err)
	}
	return false
}

func (h *onceHandler) refusal() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.refused
}

func (h *onceHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if !fromLoopback(r.RemoteAddr) || r.Host != h.host || !h.fromUser(r) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet || r.URL.RawQuery != "" || r.URL.EscapedPath() != h.path || !h.fired.CompareAndSwap(false, true) {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Location", h.target)
	w.Header().Set("Connection", "close")
	w.WriteHeader(http.StatusFound)
	close(h.used)
}

func fromLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// discardLog silences net/http's server error log: its lines (malformed requests from other
// local processes) are noise, and this package logs nothing.
var discardLog = log.New(io.Discard, "", 0)
