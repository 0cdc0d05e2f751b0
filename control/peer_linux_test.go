package control

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// The tests here play another local user, nobody (uid 65534), against the app running as
// root: they need root (CI runs as root) and util-linux's setpriv, not the desktop session.

const helperEnv = "VAULTBAR_CONTROL_HELPER" // "client:PATH" or "server:DIR"

// TestPeerHelperProcess is not a test: run as nobody by the tests below, it plays the
// other user's client (prints the reply, or the error) or server (prints "listening").
func TestPeerHelperProcess(t *testing.T) {
	mode, arg, ok := strings.Cut(os.Getenv(helperEnv), ":")
	switch {
	case !ok:
		t.Skip("helper process only")
	case mode == "client":
		conn, err := net.Dial("unix", arg)
		if err != nil {
			fmt.Printf("error %v\n", err)
			return
		}
		_, werr := conn.Write([]byte(`{"v":1,"op":"echo","body":"from nobody"}` + "\n"))
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil {
			fmt.Printf("error %v (write: %v)\n", err, werr)
			return
		}
		fmt.Printf("reply %s", line)
	case mode == "server":
		s, err := Listen(context.Background(), arg, ListenOptions{})
		if err != nil {
			fmt.Printf("error %v\n", err)
			return
		}
		defer s.Close()
		go func() {
			_ = s.Serve(context.Background(), func(context.Context, string, json.RawMessage) (any, error) { return "nobody's", nil })
		}()
		// Open the way for root's client, so that only the peer check stands in it.
		if err := errors.Join(os.Chmod(arg, 0o711), os.Chmod(s.Path(), 0o777)); err != nil {
			fmt.Printf("error %v\n", err)
			return
		}
		fmt.Println("listening")
		_, _ = io.Copy(io.Discard, os.Stdin) // until the test closes stdin
	}
}

// asNobody starts this test binary, copied where nobody can run it, as nobody in helper
// mode spec. It returns the first line the helper prints and its stdin (closing it ends a server).
func asNobody(t *testing.T, spec string) (string, io.WriteCloser) {
	t.Helper()
	e2e.Root(t)
	setpriv := e2e.Tool(t, "setpriv")
	self, err := os.Executable()
	must(t, err)
	bin, err := os.ReadFile(self)
	must(t, err)
	dir := worldDir(t, 0o755)
	exe := filepath.Join(dir, "control.test")
	must(t, os.WriteFile(exe, bin, 0o755))

	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", exe, "-test.run=^TestPeerHelperProcess$")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), helperEnv+"="+spec)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	must(t, err)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	t.Cleanup(func() { stdin.Close(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("helper as nobody said %q: %v", line, err)
	}
	return strings.TrimSpace(line), stdin
}

// worldDir is a new directory that others may enter (mode perm), so that only what the
// test puts in it decides what nobody reaches.
func worldDir(t *testing.T, perm os.FileMode) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "vbc")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	must(t, os.Chmod(dir, perm))
	return dir
}

// countingServer listens in dir, counts the handler's calls and returns what it logged so far.
func countingServer(t *testing.T, dir string) (*Server, *atomic.Int32, func() string) {
	t.Helper()
	var calls atomic.Int32
	var mu sync.Mutex
	var logs []string
	s, err := Listen(context.Background(), dir, ListenOptions{Logf: func(f string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, fmt.Sprintf(f, args...))
	}})
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- s.Serve(ctx, func(context.Context, string, json.RawMessage) (any, error) {
			calls.Add(1)
			return "secret", nil
		})
	}()
	t.Cleanup(func() { cancel(); <-served })
	return s, &calls, func() string {
		mu.Lock()
		defer mu.Unlock()
		return strings.Join(logs, "\n")
	}
}

// In the layout the app uses (the socket in a 0700 directory), another user cannot even
// connect.
func TestOtherUserCannotReachSocket(t *testing.T) {
	e2e.Root(t)
	dir := filepath.Join(worldDir(t, 0o711), "vaultbar")
	s, calls, _ := countingServer(t, dir)
	got, _ := asNobody(t, "client:"+s.Path())
	if !strings.HasPrefix(got, "error ") || !strings.Contains(got, "permission denied") {
		t.Errorf("nobody's client: %q, want permission denied", got)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("handler ran %d times for another user", n)
	}
}

// With the directory and the socket opened to everyone, the peer check alone refuses
// another user: a "forbidden" reply, and the handler never runs.
func TestOtherUserIsForbidden(t *testing.T) {
	e2e.Root(t)
	dir := filepath.Join(worldDir(t, 0o711), "vaultbar")
	s, calls, logs := countingServer(t, dir)
	must(t, os.Chmod(dir, 0o711))
	must(t, os.Chmod(s.Path(), 0o777))
	got, _ := asNobody(t, "client:"+s.Path())
	line, ok := strings.CutPrefix(got, "reply ")
	var r reply
	if !ok || json.Unmarshal([]byte(line), &r) != nil || r.OK || r.Error == nil || r.Error.Code != CodeForbidden || r.Error.Hint == "" {
		t.Fatalf("nobody's client: %q, want a %q reply with a hint", got, CodeForbidden)
	}
	if strings.Contains(got, "secret") {
		t.Errorf("nobody got the handler's answer: %q", got)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("handler ran %d times for another user", n)
	}
	if !strings.Contains(logs(), "uid 65534") {
		t.Errorf("the refusal was not logged: %q", logs())
	}
	c := &Client{path: s.Path()}
	if err := c.Call(context.Background(), "x", nil, nil); err != nil {
		t.Errorf("the app's own user after the refusal: %v", err)
	}
}

// The check works both ways: a command does not talk to a socket another user serves, and
// an app does not start in another user's directory.
func TestOtherUsersServerRefused(t *testing.T) {
	e2e.Root(t)
	dir := filepath.Join(worldDir(t, 0o711), "vaultbar")
	must(t, os.Mkdir(dir, 0o700))
	must(t, os.Chown(dir, 65534, 65534))
	if got, _ := asNobody(t, "server:"+dir); got != "listening" {
		t.Fatalf("nobody's server: %q", got)
	}
	path := filepath.Join(dir, SocketName)
	err := (&Client{path: path}).Call(context.Background(), "env", nil, nil)
	if err == nil || !strings.Contains(err.Error(), "uid 65534") || Hint(err) == "" {
		t.Errorf("Call to nobody's server: %v (hint %q), want a refusal with a hint", err, Hint(err))
	}
	if _, err := Dial(context.Background(), dir); err == nil || errors.Is(err, ErrNotRunning) || Hint(err) == "" {
		t.Errorf("Dial in nobody's directory: %v, want an error with a hint", err)
	}
	if s, err := Listen(context.Background(), dir, ListenOptions{}); err == nil || Hint(err) == "" {
		if s != nil {
			s.Close()
		}
		t.Errorf("Listen in nobody's directory: %v, want an error with a hint", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
