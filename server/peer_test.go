package server

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A server with a peer check answers only the connections it accepts, asks once per
// connection (a kept-alive client pays once), and says nothing of why it refused.
func TestServeWithPeerCheck(t *testing.T) {
	src, _, clock := primed(t, time.Hour)
	var asked atomic.Int32
	refuse := atomic.Bool{}
	check := func(*http.Request) error {
		asked.Add(1)
		if refuse.Load() {
			return errors.New("uid 65534 is not uid 1000")
		}
		return nil
	}
	srv := ServeWith(mustListen(t), NewEC2(src, EC2Options{Now: clock.Now}), Options{Peer: check})
	t.Cleanup(func() { _ = srv.srv.Close() })

	get := func(c *http.Client) (int, string) {
		t.Helper()
		resp, err := c.Get(srv.URL() + "/latest/meta-data/iam/security-credentials/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	kept := &http.Client{Transport: &http.Transport{}}
	for range 3 {
		if code, body := get(kept); code != http.StatusOK || body != "vaultbar" {
			t.Fatalf("accepted peer: %d %q", code, body)
		}
	}
	if n := asked.Load(); n != 1 {
		t.Errorf("three requests on one connection asked the check %d times, want 1", n)
	}
	refuse.Store(true)
	code, body := get(&http.Client{Transport: &http.Transport{}}) // a new connection
	if code != http.StatusForbidden || body == "" || strings.Contains(body, "uid") {
		t.Errorf("refused peer: %d %q; want 403 without the reason", code, body)
	}
}
