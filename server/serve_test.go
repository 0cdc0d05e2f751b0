package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestListen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		addr    string
		want    string // the listener's host, or "" when refused
		errPart string
	}{
		{"empty", "", "127.0.0.1", ""},
		{"port_only", ":0", "127.0.0.1", ""},
		{"ipv4_loopback", "127.0.0.1:0", "127.0.0.1", ""},
		{"localhost", "localhost:0", "127.0.0.1", ""},
		{"all_interfaces", "0.0.0.0:0", "", "not a loopback address, and anything that can reach the server can read the credentials (try 127.0.0.1:0"},
		{"ipv6_all_interfaces", "[::]:0", "", "not a loopback address"},
		{"private_address", "10.0.0.1:0", "", "not a loopback address"},
		{"host_name", "example.com:0", "", "not an IP address; credentials servers listen on loopback only (try 127.0.0.1:0)"},
		{"no_port", "127.0.0.1", "", "want host:port, such as 127.0.0.1:9099"},
		{"bad_port", "127.0.0.1:http", "", "bad port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ln, err := Listen(tc.addr)
			if tc.want == "" {
				if err == nil {
					ln.Close()
					t.Fatalf("listening on %s", ln.Addr())
				}
				if !strings.Contains(err.Error(), tc.errPart) {
					t.Errorf("error %q, want %q", err, tc.errPart)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			if host := ln.Addr().String(); !strings.HasPrefix(host, tc.want+":") || strings.HasSuffix(host, ":0") {
				t.Errorf("listening on %s, want %s on a free port", host, tc.want)
			}
		})
	}
}

// Two servers at once share nothing: stopping one leaves the other answering.
func TestTwoServersAreIndependent(t *testing.T) {
	t.Parallel()
	src, _, _ := primed(t, 24*time.Hour)
	a, _ := NewECS(src, ECSOptions{})
	b, _ := NewECS(src, ECSOptions{})
	srvA := Serve(mustListen(t), a)
	srvB := start(t, b)
	if srvA.URL() == srvB.URL() {
		t.Fatalf("both on %s", srvA.URL())
	}
	get := func(srv *Server, tok string) (int, error) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL(), nil)
		req.Header.Set("Authorization", tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil
	}
	for _, c := range []struct {
		srv  *Server
		tok  string
		want int
	}{{srvA, a.Token(), 200}, {srvB, b.Token(), 200}, {srvA, b.Token(), 403}, {srvB, a.Token(), 403}} {
		if code, err := get(c.srv, c.tok); err != nil || code != c.want {
			t.Fatalf("%s: %d %v, want %d", c.srv.URL(), code, err, c.want)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srvA.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err, open := <-srvA.Err(); open {
		t.Errorf("Err after Shutdown: %v", err)
	}
	if _, err := get(srvA, a.Token()); err == nil {
		t.Error("the stopped server still answers")
	}
	if code, err := get(srvB, b.Token()); err != nil || code != 200 {
		t.Errorf("the other server: %d %v", code, err)
	}
}

// Shutdown ends requests waiting on a refresh rather than waiting for an MFA prompt.
func TestShutdownEndsWaitingRequests(t *testing.T) {
	t.Parallel()
	src, f, clock := primed(t, time.Hour)
	release := f.hold()
	defer release()
	clock.Advance(2 * time.Hour)
	ecs, _ := NewECS(src, ECSOptions{Token: "tok"})
	srv := Serve(mustListen(t), ecs)

	status := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, srv.URL(), nil)
		req.Header.Set("Authorization", "tok")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			status <- 0
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	f.waitStarted(t, 2)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if code := <-status; code != http.StatusGatewayTimeout {
		t.Errorf("waiting request got %d, want 504", code)
	}
}

func mustListen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := Listen("")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// 169.254.169.254 is allowed once aliased to the loopback interface; lo's own 127.0.0.1
// stands in for it here, since adding an alias needs root and changes the machine.
func TestOnLoopbackInterface(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		ip   string
		want bool
	}{
		{"lo_address", "127.0.0.1", true},
		{"unassigned_link_local", "169.254.169.253", false},
		{"private", "10.0.0.1", false},
		{"unspecified", "0.0.0.0", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := onLoopbackInterface(netip.MustParseAddr(tc.ip)); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
