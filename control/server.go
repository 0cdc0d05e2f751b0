package control

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Handler answers one request: op and its raw JSON body (nil when the request had none).
// The result is encoded as the reply's body. ctx ends when the client goes away or the
// server stops. An error is sent as an error reply (see RemoteError); a panic as CodeInternal.
type Handler func(ctx context.Context, op string, body json.RawMessage) (any, error)

// ListenOptions tunes a Server; the zero value is the app's.
type ListenOptions struct {
	MaxRequest   int           // largest request in bytes; default MaxMessage
	MaxConns     int           // connections served at once; one more gets CodeBusy; default 32
	ReadTimeout  time.Duration // a client's time to send its request, and to take the reply; default 5s
	ProbeTimeout time.Duration // Listen's wait for an existing socket to answer "ping"; default 2s
	Info         any           // the body of the reply to "ping"

	// HintFunc finds the hint of a handler's error; default Hint. The app passes vault.Hint.
	HintFunc func(error) string
	// Logf reports what the server cannot tell a client (panics, refused peers, accept
	// errors); default: dropped. It never receives a request's body.
	Logf func(format string, args ...any)
}

func (o ListenOptions) withDefaults() ListenOptions {
	o.MaxRequest = cmp.Or(o.MaxRequest, MaxMessage)
	o.MaxConns = cmp.Or(o.MaxConns, 32)
	o.ReadTimeout = cmp.Or(o.ReadTimeout, 5*time.Second)
	o.ProbeTimeout = cmp.Or(o.ProbeTimeout, probeTimeout)
	if o.HintFunc == nil {
		o.HintFunc = Hint
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	return o
}

// Server is a listening control socket. Listen starts it; Serve hands it the Handler.
type Server struct {
	o     ListenOptions
	dir   string
	path  string
	ln    net.Listener
	bound os.FileInfo // the socket file as bound, so that Close removes only its own

	ctx    context.Context // every handler's context derives from it; Close cancels it
	cancel context.CancelFunc
	slots  chan struct{} // one per connection being served
	conns  sync.WaitGroup
	ready  chan struct{} // closed once Serve has set handler
	h      Handler

	acceptDone chan struct{}
	serveOnce  sync.Once
	closeOnce  sync.Once
	closeErr   error
}

// Listen makes this process the app that answers on dir's socket: it creates dir (see the
// package doc), replaces a stale socket and starts answering "ping" at once. When a live
// app already answers there it returns ErrAlreadyRunning; when the socket accepts but
// never answers, an error wrapping ErrUnresponsive. ctx bounds the wait for another
// starting app's lock and for the probe.
func Listen(ctx context.Context, dir string, o ListenOptions) (*Server, error) {
	o = o.withDefaults()
	if err := privateDir(dir); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, SocketName)
	ln, bound, err := claim(ctx, dir, path, o.ProbeTimeout)
	if err != nil {
		return nil, err
	}
	s := &Server{o: o, dir: dir, path: path, ln: ln, bound: bound,
		slots: make(chan struct{}, o.MaxConns), ready: make(chan struct{}), acceptDone: make(chan struct{})}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	go s.acceptLoop()
	return s, nil
}

// Path is the socket's path.
func (s *Server) Path() string { return s.path }

// Serve answers requests with h until ctx ends or Close is called, then closes the server
// and waits for the requests in progress (their contexts are cancelled) before it returns.
// It returns nil then; an error only when called a second time.
func (s *Server) Serve(ctx context.Context, h Handler) error {
	first := false
	s.serveOnce.Do(func() { first = true })
	if !first {
		return errors.New("control: Serve called twice")
	}
	s.h = h
	close(s.ready)
	stop := context.AfterFunc(ctx, func() { _ = s.Close() })
	defer stop()
	<-s.ctx.Done()
	<-s.acceptDone
	s.conns.Wait()
	return nil
}

// Close stops listening, cancels the requests in progress and removes the socket file if
// it is still the one Listen bound. It does not wait for the handlers (Serve does), so a
// handler may call it. Calling it again returns the first result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.cancel()
		err := s.ln.Close()
		if errors.Is(err, net.ErrClosed) {
			err = nil
		}
		s.closeErr = errors.Join(err, s.removeSocket())
	})
	return s.closeErr
}

// removeSocket removes the socket file under the directory lock, and only while it is the
// file this server bound: after the listener closed, a starting app may already have
// found it stale and bound its own.
func (s *Server) removeSocket() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*s.o.ProbeTimeout)
	defer cancel()
	unlock, err := lockDir(ctx, s.dir)
	if err != nil {
		return fmt.Errorf("remove the control socket: %w", err)
	}
	defer unlock()
	if fi, err := os.Lstat(s.path); err == nil && os.SameFile(fi, s.bound) {
		return os.Remove(s.path)
	}
	return nil
}

// acceptLoop accepts until the listener closes. Peer checks and "busy" replies happen here,
// so that another user's connections never take a slot; both write a few bytes to a new
// connection, which cannot block.
func (s *Server) acceptLoop() {
	defer close(s.acceptDone)
	var backoff time.Duration
	for {
		c, err := s.ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil { // out of file descriptors and the like: wait, never stop
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			s.o.Logf("control: accept: %v; retrying in %v", err, backoff)
			t := time.NewTimer(backoff)
			select {
			case <-s.ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			continue
		}
		backoff = 0
		if err := checkPeer(c); err != nil {
			s.o.Logf("control: refused a connection: %v", err)
			s.refuse(c, &RemoteError{Code: CodeForbidden, Message: "this vaultbar belongs to another user",
				Hint: "run vaultbar as the user who started the app"})
			continue
		}
		select {
		case s.slots <- struct{}{}:
		default:
			s.refuse(c, &RemoteError{Code: CodeBusy, Message: "the running vaultbar is busy",
				Hint: "try again in a moment"})
			continue
		}
		s.conns.Add(1)
		go func() {
			defer func() { <-s.slots }()
			defer s.conns.Done()
			s.serveConn(c)
		}()
	}
}

// refuse sends one error reply and closes c.
func (s *Server) refuse(c net.Conn, e *RemoteError) {
	s.send(c, reply{V: Version, Error: e})
	_ = c.Close()
}
