package login

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strings"
	"testing"
	"time"
)

const target = "https://signin.aws.amazon.com/federation?Action=login&SigninToken=fakesignintokenSECRET"

// noFollow is a client that shows redirects instead of following them, with no idle
// connections left behind.
var noFollow = &http.Client{
	Transport:     &http.Transport{DisableKeepAlives: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func newReq(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func waitDone(t *testing.T, o *OneTime) error {
	t.Helper()
	select {
	case err := <-o.Done():
		if _, open := <-o.Done(); open {
			t.Fatal("Done delivered twice")
		}
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("Done not closed")
		return nil
	}
}

func TestServeOnceRedirectsOnce(t *testing.T) {
	baseline := runtime.NumGoroutine()
	o, err := ServeOnce(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	base, secret, _ := strings.Cut(strings.TrimPrefix(o.URL(), "http://"), "/")
	if !strings.HasPrefix(base, "127.0.0.1:") {
		t.Fatalf("URL %s is not on 127.0.0.1", o.URL())
	}
	if raw, err := base64.RawURLEncoding.DecodeString(secret); err != nil || len(raw) < 16 {
		t.Fatalf("path %q is not >= 128 random bits of base64url", secret)
	}

	// Probes that must reveal nothing and must not use up the redirect.
	for _, probe := range []struct {
		method, url string
		host        string
		want        int
	}{
		{"GET", "http://" + base + "/", "", http.StatusNotFound},
		{"GET", "http://" + base + "/" + secret[:len(secret)-1], "", http.StatusNotFound},
		{"GET", o.URL() + "/", "", http.StatusNotFound},
		{"GET", o.URL() + "?x=1", "", http.StatusNotFound},
		{"POST", o.URL(), "", http.StatusNotFound},
		{"HEAD", o.URL(), "", http.StatusNotFound},
		{"GET", o.URL(), "localhost:" + strings.Split(base, ":")[1], http.StatusForbidden},
		{"GET", o.URL(), "evil.example", http.StatusForbidden},
		{"GET", o.URL(), "127.0.0.1", http.StatusForbidden},
	} {
		req := newReq(t, probe.method, probe.url)
		if probe.host != "" {
			req.Host = probe.host
		}
		resp, body := do(t, req)
		if resp.StatusCode != probe.want || resp.Header.Get("Location") != "" || strings.Contains(body, "fakesignintoken") {
			t.Fatalf("%s %s (Host %q): %d %q, want %d revealing nothing", probe.method, probe.url, probe.host, resp.StatusCode, body, probe.want)
		}
	}

	resp, body := do(t, newReq(t, "GET", o.URL()))
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != target {
		t.Fatalf("first GET: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Referrer-Policy") != "no-referrer" || body != "" {
		t.Fatalf("redirect headers %v, body %q", resp.Header, body)
	}
	if err := waitDone(t, o); err != nil {
		t.Fatalf("Done: %v, want nil", err)
	}
	// The server is gone.
	if resp, err := noFollow.Get(o.URL()); err == nil {
		_ = resp.Body.Close()
		t.Fatalf("second GET answered %d after the redirect", resp.StatusCode)
	}
	assertGoroutines(t, baseline)
}

// The handler itself: a non-loopback peer, another user's connection and one whose owner
// cannot be found are refused without using up the redirect; a second GET of the right path
// (as when two requests race) is a 404.
func TestOnceHandler(t *testing.T) {
	other := netip.MustParseAddrPort("127.0.0.1:6666")
	h := &onceHandler{host: "127.0.0.1:4242", path: "/abc", target: target, used: make(chan struct{}),
		sameUser: func(server, client netip.AddrPort) (bool, error) {
			if server != netip.MustParseAddrPort("127.0.0.1:4242") {
				return false, fmt.Errorf("asked about server %v", server)
			}
			if client.Port() == 7777 {
				return false, errors.New("no such socket")
			}
			return client != other, nil
		}}
	serve := func(remote string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "http://127.0.0.1:4242/abc", nil)
		req.RemoteAddr, req.Host = remote, "127.0.0.1:4242"
		req = req.WithContext(context.WithValue(req.Context(), http.LocalAddrContextKey,
			&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 4242}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := serve("10.1.2.3:5555"); rec.Code != http.StatusForbidden {
		t.Fatalf("non-loopback peer: %d", rec.Code)
	}
	if rec := serve(other.String()); rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), "fakesignintoken") {
		t.Fatalf("another user's connection: %d %q", rec.Code, rec.Body.String())
	}
	if err := h.refusal(); !errors.Is(err, errOtherUser) {
		t.Fatalf("refusal after another user: %v", err)
	}
	if rec := serve("127.0.0.1:7777"); rec.Code != http.StatusForbidden {
		t.Fatalf("connection of unknown owner: %d", rec.Code)
	}
	if err := h.refusal(); err == nil || !strings.Contains(err.Error(), "no such socket") {
		t.Fatalf("refusal after an unknown owner: %v", err)
	}
	if rec := serve("127.0.0.1:5555"); rec.Code != http.StatusFound || rec.Header().Get("Location") != target {
		t.Fatalf("first of the user's: %d", rec.Code)
	}
	if rec := serve("127.0.0.1:5555"); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "fakesignintoken") {
		t.Fatalf("second: %d %q", rec.Code, rec.Body.String())
	}
}

func TestServeOnceTimeout(t *testing.T) {
	baseline := runtime.NumGoroutine()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	o, err := ServeOnce(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	err = waitDone(t, o)
	if !errors.Is(err, ErrRedirectUnused) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Done: %v, want ErrRedirectUnused and DeadlineExceeded", err)
	}
	if strings.Contains(err.Error(), "fakesignintoken") {
		t.Fatalf("error %q names the target", err)
	}
	if resp, err := noFollow.Get(o.URL()); err == nil {
		_ = resp.Body.Close()
		t.Fatal("server still answers after the timeout")
	}
	assertGoroutines(t, baseline)
}

func TestServeOnceCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	o, err := ServeOnce(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := waitDone(t, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("Done: %v, want context.Canceled", err)
	}
}

func TestServeOnceBadTarget(t *testing.T) {
	for _, bad := range []string{"", "/relative?SigninToken=fakesignintokenX", "file:///etc/passwd", "javascript:alert(1)", "https://"} {
		o, err := ServeOnce(context.Background(), bad)
		if err == nil {
			t.Fatalf("ServeOnce(%q) = %v, want an error", bad, o.URL())
		}
		if strings.Contains(err.Error(), "fakesignintoken") {
			t.Fatalf("error %q repeats the target", err)
		}
	}
}

func TestServeOnceURLsDiffer(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a, err := ServeOnce(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ServeOnce(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	_, _ = waitDone(t, a), waitDone(t, b)
	_, pa, _ := strings.Cut(strings.TrimPrefix(a.URL(), "http://"), "/")
	_, pb, _ := strings.Cut(strings.TrimPrefix(b.URL(), "http://"), "/")
	if pa == pb {
		t.Fatal("two one-time URLs share their path")
	}
}

// assertGoroutines waits for the goroutine count to fall back to baseline: the server and
// its connection goroutines must all have ended.
func assertGoroutines(t *testing.T, baseline int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, baseline %d:\n%s", runtime.NumGoroutine(), baseline, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
