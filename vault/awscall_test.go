package vault_test

import (
	"context"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/vault"
)

// testLimits stand in for the 30-second default, so that a hung STS fails a test quickly.
var testLimits = vault.CallLimits{Timeout: 500 * time.Millisecond}

// wireCase is one way the network or something posing as STS can fail a call.
type wireCase struct {
	name    string
	breakIt func(f *fakeaws.Fake) (restore func())
	want    error  // the sentinel the error wraps
	text    string // what the one sentence says
}

// wireCases are the broken answers every STS call must turn into one sentence with a hint:
// accepted and never answered, a body that never ends, an answer over the cap, one cut off.
var wireCases = []wireCase{
	{"never_answers", func(f *fakeaws.Fake) func() { return f.STS.Hold() },
		vault.ErrNetwork, "cannot reach aws sts: no answer within 500ms"},
	{"trickles_forever", wireFault(fakeaws.WireTrickle),
		vault.ErrNetwork, "cannot reach aws sts: no answer within 500ms"},
	{"oversize", wireFault(fakeaws.WireOversize),
		vault.ErrBadAnswer, "the answer is larger than 1 MiB"},
	{"truncated", wireFault(fakeaws.WireTruncate),
		vault.ErrBadAnswer, "cut off or garbled"},
}

func wireFault(w fakeaws.WireFault) func(f *fakeaws.Fake) func() {
	return func(f *fakeaws.Fake) func() {
		f.STS.SetWireFault(w)
		return func() { f.STS.SetWireFault(fakeaws.WireOK) }
	}
}

// rawSDK are fragments of the SDK's own error chains, which must never reach the user.
var rawSDK = []string{"operation error", "deserialization failed", "EOF", "context deadline exceeded", "https response error", "StatusCode"}

// Every broken answer fails the call within the deadline with one plain sentence and a hint,
// keeps the keyring as it was, and the next call after the fake recovers succeeds.
func TestSTSCallIsBoundedInTimeAndSize(t *testing.T) {
	t.Parallel()
	for _, tc := range wireCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t)
			r.v = vault.New(r.store, vault.Options{Env: vault.Env{"AWS_ENDPOINT_URL_STS": r.fake.URL}, Limits: testLimits})
			before := r.kr.snapshot(t)
			restore := tc.breakIt(r.fake)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := r.v.Credentials(ctx, r.profile("bob", vault.Overrides{}), vault.CredentialOptions{})
			restore()
			if err == nil {
				t.Fatal("got credentials from a broken answer")
			}
			msg := err.Error()
			if !errors.Is(err, tc.want) || !strings.Contains(msg, tc.text) {
				t.Errorf("error %q: want %v saying %q", msg, tc.want, tc.text)
			}
			for _, raw := range rawSDK {
				if strings.Contains(msg, raw) {
					t.Errorf("error %q carries the SDK's %q", msg, raw)
				}
			}
			if vault.Hint(err) == "" {
				t.Errorf("error %q has no hint", msg)
			}
			checkNoSecret(t, msg+" "+vault.Hint(err))
			if after := r.kr.snapshot(t); !maps.Equal(before, after) {
				t.Errorf("keyring changed by a failed call: %v -> %v", keysOf(before), keysOf(after))
			}
			if _, err := r.v.Credentials(ctx, r.profile("bob", vault.Overrides{}), vault.CredentialOptions{}); err != nil {
				t.Errorf("after the fake recovered: %v", err)
			}
		})
	}
}

// Something that is not STS answering (a captive portal, a proxy's error page) gives one
// sentence and a hint too, not the SDK's chain.
func TestGarbledSTSAnswers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"html_200", http.StatusOK, "<html><body>Sign in to the hotel Wi-Fi</body></html>"},
		{"empty_200", http.StatusOK, ""},
		{"html_502", http.StatusBadGateway, "<html><body>502 Bad Gateway</body></html>"},
		{"text_403", http.StatusForbidden, "blocked by policy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}))
			defer srv.Close()
			r.v = vault.New(r.store, vault.Options{Env: vault.Env{"AWS_ENDPOINT_URL_STS": srv.URL}, Limits: testLimits})
			_, err := r.v.Credentials(context.Background(), r.profile("bob", vault.Overrides{}), vault.CredentialOptions{})
			if err == nil {
				t.Fatal("got credentials from a garbled answer")
			}
			msg := err.Error()
			if !errors.Is(err, vault.ErrBadAnswer) {
				t.Errorf("error %q is not %v", msg, vault.ErrBadAnswer)
			}
			for _, raw := range rawSDK {
				if strings.Contains(msg, raw) {
					t.Errorf("error %q carries the SDK's %q", msg, raw)
				}
			}
			if vault.Hint(err) == "" {
				t.Errorf("error %q has no hint", msg)
			}
		})
	}
}

// An answer of exactly the cap is read whole; one byte more is refused, never cut short.
func TestReadBodyCap(t *testing.T) {
	t.Parallel()
	l := vault.CallLimits{MaxResponse: 1 << 10}
	if b, err := l.ReadBody(strings.NewReader(strings.Repeat("x", 1<<10))); err != nil || len(b) != 1<<10 {
		t.Errorf("answer at the cap: %d bytes, %v; want all 1024", len(b), err)
	}
	var tooLarge *vault.ResponseTooLargeError
	if _, err := l.ReadBody(strings.NewReader(strings.Repeat("x", 1<<10+1))); !errors.As(err, &tooLarge) || err.Error() != "the answer is larger than 1 KiB" {
		t.Errorf("answer over the cap: %v; want larger than 1 KiB", err)
	}
}
