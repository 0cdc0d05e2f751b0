package control_test

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/control"
)

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	a := serve(t, control.ListenOptions{})
	c := dial(t, a.dir)
	type creds struct {
		Profile string
		Keys    []string
	}
	in := creds{Profile: "dev ü/..", Keys: []string{"a\nb", `"quoted"`}}
	var out creds
	if err := c.Call(context.Background(), "echo", in, &out); err != nil {
		t.Fatal(err)
	}
	if out.Profile != in.Profile || len(out.Keys) != 2 || out.Keys[0] != in.Keys[0] || out.Keys[1] != in.Keys[1] {
		t.Errorf("echo: got %+v, want %+v", out, in)
	}
	if err := c.Call(context.Background(), "echo", nil, nil); err != nil {
		t.Errorf("a request without a body: %v", err)
	}
}

// The handler's error reaches the command with its message and hint; a handler can also
// pick the code.
func TestErrorReplyKeepsHint(t *testing.T) {
	t.Parallel()
	a := serve(t, control.ListenOptions{})
	c := dial(t, a.dir)
	err := c.Call(context.Background(), "fail", nil, nil)
	re := remote(t, err)
	if re.Code != control.CodeFailed || err.Error() != "profile not found" || control.Hint(err) != "run vaultbar add dev" {
		t.Errorf("got code %q, %q, hint %q", re.Code, err, control.Hint(err))
	}
	re = remote(t, c.Call(context.Background(), "frobnicate", nil, nil))
	if re.Code != control.CodeUnknownOp || re.Hint == "" {
		t.Errorf("unknown op: %+v", re)
	}
}

// The app's errors carry their hint in a field (vault.HintError), so it passes HintFunc.
func TestHintFunc(t *testing.T) {
	t.Parallel()
	a := serve(t, control.ListenOptions{HintFunc: func(err error) string { return "hint for " + err.Error() }})
	err := dial(t, a.dir).Call(context.Background(), "fail", nil, nil)
	if control.Hint(err) != "hint for profile not found" {
		t.Errorf("hint %q", control.Hint(err))
	}
}

// "ping" is answered before Serve, so that a second start learns at once that the app
// runs; other requests wait for Serve's handler.
func TestPingBeforeServe(t *testing.T) {
	t.Parallel()
	a := listen(t, control.ListenOptions{Info: map[string]string{"version": "1.2.3"}})
	c := dial(t, a.dir)
	var info map[string]string
	if err := c.Call(context.Background(), "ping", nil, &info); err != nil || info["version"] != "1.2.3" {
		t.Fatalf("ping: %v, %v", info, err)
	}
	got := make(chan error, 1)
	go func() {
		var s string
		err := c.Call(context.Background(), "echo", "early", &s)
		if err == nil && s != "early" {
			err = errors.New("echo returned " + s)
		}
		got <- err
	}()
	a.serve(t)
	if err := <-got; err != nil {
		t.Errorf("a request sent before Serve: %v", err)
	}
}

func TestHandlerPanicIsAnErrorReply(t *testing.T) {
	t.Parallel()
	a := serve(t, control.ListenOptions{})
	c := dial(t, a.dir)
	re := remote(t, c.Call(context.Background(), "panic", nil, nil))
	if re.Code != control.CodeInternal || re.Hint == "" {
		t.Errorf("panic: %+v", re)
	}
	if !a.logged("panicked") {
		t.Error("the panic was not logged")
	}
	echo(t, c, "still here")
}

// An interrupted command (its context ends, its connection closes) cancels the work it
// asked for, e.g. an open MFA dialog.
func TestClientGoneCancelsHandler(t *testing.T) {
	t.Parallel()
	a := serve(t, control.ListenOptions{})
	c := dial(t, a.dir)
	ctx, cancel := context.WithCancel(context.Background())
	called := make(chan error, 1)
	go func() { called <- c.Call(ctx, "wait", nil, nil) }()
	<-a.waits
	cancel()
	if err := <-called; !errors.Is(err, context.Canceled) {
		t.Errorf("Call: %v, want context.Canceled", err)
	}
	if err := waitFor(t, a.ended); !errors.Is(err, context.Canceled) {
		t.Errorf("handler's context: %v, want cancelled", err)
	}
	echo(t, c, "next")
}

// Close cancels the work in progress, which the waiting command hears about; Serve
// returns once it ended; the socket file is gone and the next Dial finds no app.
func TestCloseStopsHandlersAndRemovesSocket(t *testing.T) {
	t.Parallel()
	a := serve(t, control.ListenOptions{})
	c := dial(t, a.dir)
	called := make(chan error, 1)
	go func() { called <- c.Call(context.Background(), "wait", nil, nil) }()
	<-a.waits
	if err := a.srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := waitFor(t, a.ended); !errors.Is(err, context.Canceled) {
		t.Errorf("handler's context: %v, want cancelled", err)
	}
	if re := remote(t, <-called); re.Code != control.CodeStopping {
		t.Errorf("the waiting command got %+v, want %q", re, control.CodeStopping)
	}
	if err := waitFor(t, a.served); err != nil {
		t.Errorf("Serve: %v", err)
	}
	a.served <- nil // for the cleanup
	if _, err := os.Lstat(a.srv.Path()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket after Close: %v", err)
	}
	if _, err := control.Dial(context.Background(), a.dir); !errors.Is(err, control.ErrNotRunning) {
		t.Errorf("Dial after Close: %v", err)
	}
}

// A server that lost its socket file to a newer app leaves the newer one's alone.
func TestCloseKeepsAnotherAppsSocket(t *testing.T) {
	t.Parallel()
	old := listen(t, control.ListenOptions{})
	path := old.srv.Path()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	newer, err := control.Listen(context.Background(), old.dir, control.ListenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer newer.Close()
	if err := old.srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := control.Dial(context.Background(), old.dir); err != nil {
		t.Errorf("the newer app after the old one closed: %v", err)
	}
	if err := newer.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(old.dir, control.SocketName)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket after the newer app closed: %v", err)
	}
}

// Connections beyond MaxConns get a "busy" reply at once instead of waiting unseen. (Raw
// connections: a Dial's ping holds its slot until the app closes it, a moment after the reply.)
func TestBusyBeyondMaxConns(t *testing.T) {
	t.Parallel()
	a := serve(t, control.ListenOptions{MaxConns: 1})
	first, err := net.Dial("unix", a.srv.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.Write([]byte(`{"v":1,"op":"wait"}` + "\n")); err != nil {
		t.Fatal(err)
	}
	<-a.waits
	r, _ := raw(t, a.srv.Path(), []byte(`{"v":1,"op":"echo"}`+"\n"), false)
	if r.Error == nil || r.Error.Code != control.CodeBusy || r.Error.Hint == "" {
		t.Errorf("second connection: %+v, want %q", r.Error, control.CodeBusy)
	}
	first.Close()
	if err := waitFor(t, a.ended); !errors.Is(err, context.Canceled) {
		t.Errorf("handler's context: %v", err)
	}
	if n := a.calls.Load(); n != 1 {
		t.Errorf("handler ran %d times, want once", n)
	}
}

// Of two Serve calls, one serves and the other fails at once.
func TestServeTwice(t *testing.T) {
	t.Parallel()
	a := listen(t, control.ListenOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	results := make(chan error, 2)
	for range 2 {
		go func() { results <- a.srv.Serve(ctx, a.handle) }()
	}
	if err := waitFor(t, results); err == nil {
		t.Error("the first Serve to return returned nil while the other served")
	}
	echo(t, dial(t, a.dir), "served")
	cancel()
	if err := waitFor(t, results); err != nil {
		t.Errorf("the serving Serve: %v", err)
	}
}

// waitFor receives from ch, failing the test when nothing comes for a long time.
func waitFor[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(30 * time.Second):
		t.Fatal("nothing happened in 30s")
	}
	var zero T
	return zero
}
