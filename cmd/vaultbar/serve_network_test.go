package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/server"
	"github.com/vaultbar/vaultbar/vault"
)

// A running server whose refresh meets a broken STS keeps serving its still-valid
// credentials at once, hears of the failure within the (shortened) deadline, and serves fresh
// credentials as soon as STS recovers: no restart, no 504 loop.
func TestServerOutlivesABrokenSTS(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		breakIt breakSTS
		want    string
	}{
		{"never_answers", hold, "no answer within 500ms"},
		{"trickles_forever", wireFault(fakeaws.WireTrickle), "no answer within 500ms"},
		{"oversize", wireFault(fakeaws.WireOversize), "larger than 1 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			failed := make(chan error, 10)
			clock, fake, vars := aliceServer(t, vault.Options{Limits: shortLimits},
				server.SourceOptions{OnError: func(err error) { failed <- err }})
			client := &http.Client{Timeout: 10 * time.Second}
			get := func() (string, time.Time) {
				t.Helper()
				key, exp, err := fetchECS(client, vars[0].Value, vars[1].Value)
				if err != nil || key == "" {
					t.Fatalf("request to the server: key %q, %v", key, err)
				}
				return key, exp
			}
			first, _ := get()

			// 3 minutes left: inside the refresh window, so a request starts a background
			// refresh, which meets the broken STS.
			clock.Advance(57 * time.Minute)
			mend := tc.breakIt(fake)
			defer mend()
			if key, _ := get(); key != first {
				t.Fatalf("during the refresh the server served %s, want the cached %s", key, first)
			}
			select {
			case err := <-failed:
				if !strings.Contains(err.Error(), tc.want) {
					t.Errorf("refresh failed with %q, want %q", err, tc.want)
				}
			case <-time.After(10 * time.Second): // a bound for a broken build, not a sleep
				t.Fatal("no failed refresh reported within 10s")
			}
			if key, _ := get(); key != first {
				t.Fatalf("after the failed refresh the server served %s, want the cached %s", key, first)
			}

			// STS recovers. With 30 s left the still-valid credentials are served at once,
			// and the request starts another refresh.
			mend()
			clock.Advance(2*time.Minute + 30*time.Second)
			if key, _ := get(); key != first {
				t.Fatalf("30 s before expiry the server served %s, want the still-valid %s", key, first)
			}
			// Once they expire, a request gets fresh ones (from that refresh, or by waiting
			// for it): no restart, no 504.
			clock.Advance(30 * time.Second)
			key, exp := get()
			if key == first || !exp.After(clock.Now().Add(30*time.Minute)) {
				t.Errorf("after STS recovered the server served %s expiring %s (now %s); want fresh credentials", key, exp, clock.Now())
			}
		})
	}
}
