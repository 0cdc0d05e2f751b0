package control_test

import (
	"bufio"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/control"
)

// A second start while the app runs hears "already running" and leaves the app alone.
func TestSecondListenAlreadyRunning(t *testing.T) {
	t.Parallel()
	a := serve(t, control.ListenOptions{})
	if s, err := control.Listen(context.Background(), a.dir, control.ListenOptions{}); !errors.Is(err, control.ErrAlreadyRunning) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("second Listen: %v, want ErrAlreadyRunning", err)
	}
	echo(t, dial(t, a.dir), "first app still answers")
}

// Apps starting at once: exactly one listens, every other one hears "already running",
// and the winner's socket is the one left.
func TestConcurrentListenOneWins(t *testing.T) {
	t.Parallel()
	dir := socketDir(t)
	const n = 8
	var wg sync.WaitGroup
	start := make(chan struct{})
	srvs := make([]*control.Server, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			<-start
			srvs[i], errs[i] = control.Listen(context.Background(), dir, control.ListenOptions{Info: i})
		})
	}
	close(start)
	wg.Wait()
	winner := -1
	for i := range n {
		switch {
		case errs[i] == nil && winner >= 0:
			t.Errorf("apps %d and %d both listen", winner, i)
		case errs[i] == nil:
			winner = i
			defer srvs[i].Close()
		case !errors.Is(errs[i], control.ErrAlreadyRunning):
			t.Errorf("app %d: %v, want ErrAlreadyRunning", i, errs[i])
		}
	}
	if winner < 0 {
		t.Fatal("no app listens")
	}
	var info int
	if err := dial(t, dir).Call(context.Background(), "ping", nil, &info); err != nil || info != winner {
		t.Errorf("the socket answers as app %d (%v), want %d", info, err, winner)
	}
}

// What a crashed app leaves behind (a socket file nobody listens on), or any other file
// in the socket's place, means no app runs, and does not keep a new one from starting.
func TestStaleSocketReplaced(t *testing.T) {
	t.Parallel()
	for name, leave := range map[string]func(t *testing.T, path string){
		"socket": func(t *testing.T, path string) {
			ln, err := net.Listen("unix", path)
			if err != nil {
				t.Fatal(err)
			}
			ln.(*net.UnixListener).SetUnlinkOnClose(false) // as after a crash
			ln.Close()
		},
		"regular file": func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte("junk"), 0o600); err != nil {
				t.Fatal(err)
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := socketDir(t)
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, control.SocketName)
			leave(t, path)
			if _, err := control.Dial(context.Background(), dir); !errors.Is(err, control.ErrNotRunning) {
				t.Errorf("Dial: %v, want ErrNotRunning", err)
			}
			s, err := control.Listen(context.Background(), dir, control.ListenOptions{Info: "new"})
			if err != nil {
				t.Fatalf("Listen over a stale %s: %v", name, err)
			}
			defer s.Close()
			var info string
			if err := dial(t, dir).Call(context.Background(), "ping", nil, &info); err != nil || info != "new" {
				t.Errorf("ping: %q, %v", info, err)
			}
		})
	}
}

// Something that accepts connections on the socket but never answers is neither replaced
// (it may be a hung app) nor taken for a running app: a clear error says what to do.
func TestUnresponsiveSocket(t *testing.T) {
	t.Parallel()
	dir := socketDir(t)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, control.SocketName)
	ln, err := net.Listen("unix", path) // the kernel completes connects; nobody reads
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s, err := control.Listen(context.Background(), dir, control.ListenOptions{ProbeTimeout: 100 * time.Millisecond})
	if !errors.Is(err, control.ErrUnresponsive) || control.Hint(err) == "" {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Listen: %v (hint %q), want ErrUnresponsive with a hint", err, control.Hint(err))
	}
	if _, err := os.Lstat(path); err != nil {
		t.Errorf("the hung socket was removed: %v", err)
	}
	if _, err := control.Dial(context.Background(), dir); !errors.Is(err, control.ErrUnresponsive) {
		t.Errorf("Dial: %v, want ErrUnresponsive", err)
	}
}

func TestNotRunning(t *testing.T) {
	t.Parallel()
	dir := socketDir(t)
	if _, err := control.Dial(context.Background(), dir); !errors.Is(err, control.ErrNotRunning) {
		t.Errorf("no directory: %v, want ErrNotRunning", err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := control.Dial(context.Background(), dir); !errors.Is(err, control.ErrNotRunning) {
		t.Errorf("no socket: %v, want ErrNotRunning", err)
	}
}

// An app of another protocol version is still a running app to a second start; a command
// talking to it gets ErrVersion with a hint.
func TestOtherVersion(t *testing.T) {
	t.Parallel()
	dir := socketDir(t)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", filepath.Join(dir, control.SocketName))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // a future vaultbar: answers everything in version 2
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = bufio.NewReader(c).ReadBytes('\n')
			_, _ = c.Write([]byte(`{"v":2,"ok":false,"error":{"code":"version","message":"speak v2"}}` + "\n"))
			c.Close()
		}
	}()
	if _, err := control.Dial(context.Background(), dir); !errors.Is(err, control.ErrVersion) || control.Hint(err) == "" {
		t.Errorf("Dial: %v, want ErrVersion with a hint", err)
	}
	if s, err := control.Listen(context.Background(), dir, control.ListenOptions{}); !errors.Is(err, control.ErrAlreadyRunning) {
		if s != nil {
			s.Close()
		}
		t.Errorf("Listen: %v, want ErrAlreadyRunning", err)
	}
}

// The socket directory is user-only: created 0700, tightened when wider, never a symlink;
// the socket file is 0600.
func TestPrivateDir(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix permissions")
	}
	t.Parallel()
	a := listen(t, control.ListenOptions{})
	if d, f := perm(t, a.dir), perm(t, a.srv.Path()); d != 0o700 || f != 0o600 {
		t.Errorf("directory %o, socket %o; want 700, 600", d, f)
	}
	a.srv.Close()

	if err := os.Chmod(a.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := control.Listen(context.Background(), a.dir, control.ListenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if d := perm(t, a.dir); d != 0o700 {
		t.Errorf("a 755 directory became %o, want 700", d)
	}

	link := filepath.Join(filepath.Dir(a.dir), "link")
	if err := os.Symlink(a.dir, link); err != nil {
		t.Fatal(err)
	}
	if s, err := control.Listen(context.Background(), link, control.ListenOptions{}); err == nil || control.Hint(err) == "" {
		if s != nil {
			s.Close()
		}
		t.Errorf("Listen in a symlink: %v, want an error with a hint", err)
	}
	if _, err := control.Dial(context.Background(), link); err == nil || errors.Is(err, control.ErrNotRunning) {
		t.Errorf("Dial in a symlink: %v, want an error", err)
	}
}

func perm(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}
