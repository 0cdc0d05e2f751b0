//go:build linux

package login

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// connPair dials a listener on addr and returns the (server, client) addresses of the
// accepted connection as the server sees them, and the client connection.
func connPair(t *testing.T, ln net.Listener, dial func() (net.Conn, error)) (server, client netip.AddrPort, c net.Conn) {
	t.Helper()
	accepted := make(chan net.Conn, 1)
	go func() {
		conn, _ := ln.Accept()
		accepted <- conn
	}()
	c, err := dial()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	s := <-accepted
	if s == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { _ = s.Close() })
	return unmap(s.LocalAddr().(*net.TCPAddr).AddrPort()), unmap(s.RemoteAddr().(*net.TCPAddr).AddrPort()), c
}

// dialMapped connects to 127.0.0.1:port from an IPv6 socket through the IPv4-mapped address,
// as dual-stack clients do; the kernel lists that socket in /proc/net/tcp6.
func dialMapped(port int) (net.Conn, error) {
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "mapped")
	defer func() { _ = f.Close() }()
	sa := &syscall.SockaddrInet6{Port: port, Addr: [16]byte{10: 0xff, 11: 0xff, 12: 127, 15: 1}}
	if err := syscall.Connect(fd, sa); err != nil {
		return nil, err
	}
	return net.FileConn(f)
}

// The lookup against the kernel's real tables: this process's own client sockets (IPv4,
// IPv4-mapped from an IPv6 socket, IPv6) are its user's; a port no one holds and a socket
// its owner has closed are no one's.
func TestSameUserPeerRealSockets(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	port := ln.Addr().(*net.TCPAddr).Port
	dials := map[string]func() (net.Conn, error){
		"ipv4":        func() (net.Conn, error) { return net.Dial("tcp", ln.Addr().String()) },
		"ipv4-mapped": func() (net.Conn, error) { return dialMapped(port) },
	}
	for name, dial := range dials {
		server, client, _ := connPair(t, ln, dial)
		if same, err := sameUserPeer(server, client); !same || err != nil {
			t.Errorf("%s: own connection %v -> %v: same user %v, %v", name, client, server, same, err)
		}
	}

	server, client, c := connPair(t, ln, dials["ipv4"])
	unused := netip.AddrPortFrom(client.Addr(), client.Port()^1)
	if same, err := sameUserPeer(server, unused); same || !errors.Is(err, errPeerUnknown) {
		t.Errorf("a port no one connected from: %v, %v; want errPeerUnknown", same, err)
	}
	// Once closed, the client socket lingers (FIN_WAIT) with no owner; the kernel shows it
	// as uid 0, which must not pass for root's.
	_ = c.Close()
	if same, err := sameUserPeer(server, client); same || !errors.Is(err, errPeerUnknown) {
		t.Errorf("a closed client socket: %v, %v; want errPeerUnknown", same, err)
	}

	if ln6, err := net.Listen("tcp", "[::1]:0"); err != nil {
		t.Logf("no IPv6 loopback here (%v): IPv6 not checked", err)
	} else {
		defer func() { _ = ln6.Close() }()
		server, client, _ := connPair(t, ln6, func() (net.Conn, error) { return net.Dial("tcp", ln6.Addr().String()) })
		if same, err := sameUserPeer(server, client); !same || err != nil {
			t.Errorf("ipv6: own connection: %v, %v", same, err)
		}
	}
}

// asNobody returns the command that runs name with args as nobody (uid and gid 65534, no
// supplementary groups). It needs root: without it the test skips locally and fails in CI.
func asNobody(t *testing.T, name string, args ...string) *exec.Cmd {
	t.Helper()
	e2e.Root(t)
	setpriv := e2e.Tool(t, "setpriv")
	return exec.Command(setpriv, append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", name}, args...)...)
}

// rawGet sends one GET of the URL over bash's /dev/tcp and returns the raw response, so the
// same client can run as either user.
func rawGet(t *testing.T, cmd func(name string, args ...string) *exec.Cmd, url string) string {
	t.Helper()
	hostPort, path, _ := strings.Cut(strings.TrimPrefix(url, "http://"), "/")
	host, port, _ := net.SplitHostPort(hostPort)
	script := `exec 3<>"/dev/tcp/$HOST/$PORT" && printf 'GET /%s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$P" "$HOST" "$PORT" >&3 && cat <&3`
	c := cmd(e2e.Tool(t, "bash"), "-c", script)
	c.Env = append(os.Environ(), "HOST="+host, "PORT="+port, "P="+path)
	out, err := c.Output()
	if err != nil {
		t.Fatalf("GET as %v: %v", c.Args[:2], err)
	}
	return string(out)
}

// Another local user who read the one-time address (as anyone can, from the browser's
// command line) is refused and does not use it up; the user's own request then gets the
// redirect. When only another user came, the error says so.
func TestServeOnceRefusesAnotherUser(t *testing.T) {
	nobody := func(name string, args ...string) *exec.Cmd { return asNobody(t, name, args...) }
	o, err := ServeOnce(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	if got := rawGet(t, nobody, o.URL()); !strings.HasPrefix(got, "HTTP/1.1 403 ") || strings.Contains(got, "fakesignintoken") || strings.Contains(got, "Location") {
		t.Fatalf("another user's GET got %q, want a bare 403", got)
	}
	got := rawGet(t, exec.Command, o.URL())
	if !strings.HasPrefix(got, "HTTP/1.1 302 ") || !strings.Contains(got, "\r\nLocation: "+target+"\r\n") {
		t.Fatalf("the user's GET after another user's got %q, want the redirect", got)
	}
	if err := waitDone(t, o); err != nil {
		t.Fatalf("Done: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	o, err = ServeOnce(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if got := rawGet(t, nobody, o.URL()); !strings.HasPrefix(got, "HTTP/1.1 403 ") {
		t.Fatalf("another user's GET got %q, want 403", got)
	}
	cancel()
	if err := waitDone(t, o); !errors.Is(err, ErrRedirectUnused) || !errors.Is(err, errOtherUser) {
		t.Fatalf("Done after only another user came: %v, want ErrRedirectUnused naming another user", err)
	}
}
