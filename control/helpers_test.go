package control_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/control"
)

// socketDir is a fresh directory for the app's socket dir: under a short temporary
// directory, because a socket path must fit in about 100 bytes.
func socketDir(t *testing.T) string {
	t.Helper()
	base, err := os.MkdirTemp("", "vbc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	return filepath.Join(base, "vaultbar")
}

// app is a running server with a handler that knows "echo" (its body back), "fail" (an
// error with a hint), "panic", "wait" (until its context ends) and counts its calls.
type app struct {
	dir    string
	srv    *control.Server
	calls  atomic.Int32
	waits  chan struct{} // one value per "wait" that started
	ended  chan error    // the context error of each "wait" that ended
	served chan error    // Serve's result
	mu     sync.Mutex
	logs   []string
}

type hinted struct{ hint string }

func (hinted) Error() string  { return "profile not found" }
func (h hinted) Hint() string { return h.hint }
func (a *app) logf(f string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.logs = append(a.logs, f)
}

func (a *app) logged(s string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return strings.Contains(strings.Join(a.logs, "\n"), s)
}

func (a *app) handle(ctx context.Context, op string, body json.RawMessage) (any, error) {
	a.calls.Add(1)
	switch op {
	case "echo":
		return body, nil
	case "fail":
		return nil, hinted{hint: "run vaultbar add dev"}
	case "panic":
		panic("boom")
	case "wait":
		a.waits <- struct{}{}
		<-ctx.Done()
		a.ended <- ctx.Err()
		return nil, ctx.Err()
	}
	return nil, control.UnknownOp(op)
}

// listen starts an app on a new socket directory; serve hands it its handler.
func listen(t *testing.T, o control.ListenOptions) *app {
	t.Helper()
	a := &app{dir: socketDir(t), waits: make(chan struct{}, 8), ended: make(chan error, 8), served: make(chan error, 1)}
	o.Logf = a.logf
	srv, err := control.Listen(context.Background(), a.dir, o)
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	a.srv = srv
	t.Cleanup(func() { _ = srv.Close() })
	return a
}

func (a *app) serve(t *testing.T) *app {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { a.served <- a.srv.Serve(ctx, a.handle) }()
	t.Cleanup(func() {
		cancel()
		if err := <-a.served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return a
}

func serve(t *testing.T, o control.ListenOptions) *app {
	t.Helper()
	return listen(t, o).serve(t)
}

func dial(t *testing.T, dir string) *control.Client {
	t.Helper()
	c, err := control.Dial(context.Background(), dir)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	return c
}

// echo checks that the app still answers a good request.
func echo(t *testing.T, c *control.Client, msg string) {
	t.Helper()
	var got string
	if err := c.Call(context.Background(), "echo", msg, &got); err != nil || got != msg {
		t.Fatalf("echo %q: got %q, %v", msg, got, err)
	}
}

type rawReply struct {
	V     int                  `json:"v"`
	OK    bool                 `json:"ok"`
	Body  json.RawMessage      `json:"body"`
	Error *control.RemoteError `json:"error"`
}

// raw sends payload on a new connection, as fast as the app takes it and without waiting
// for that to end, optionally closes the sending side, and returns the reply line and the
// writer's result.
func raw(t *testing.T, path string, payload []byte, closeWrite bool) (rawReply, error) {
	t.Helper()
	conn, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second)) // a hung app fails the test, not the run
	written := make(chan error, 1)
	go func() {
		_, err := conn.Write(payload)
		if closeWrite {
			_ = conn.(*net.UnixConn).CloseWrite()
		}
		written <- err
	}()
	line, err := bufio.NewReader(conn).ReadBytes('\n')
	if err != nil {
		t.Fatalf("no reply: %v (got %q)", err, line)
	}
	var r rawReply
	if err := json.Unmarshal(line, &r); err != nil {
		t.Fatalf("reply %q: %v", line, err)
	}
	return r, <-written // a writer the app stopped reading from ends when the app closes
}

func remote(t *testing.T, err error) *control.RemoteError {
	t.Helper()
	re, ok := errors.AsType[*control.RemoteError](err)
	if !ok {
		t.Fatalf("got %v (%T), want a *control.RemoteError", err, err)
	}
	return re
}
