package login_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

// getSigninToken is bounded like every AWS call: an endpoint that never answers or trickles
// fails after the (shortened) deadline, one that answers too much fails at the cap, each with
// one sentence and a hint.
func TestSigninTokenIsBoundedInTimeAndSize(t *testing.T) {
	f, _ := start(t)
	creds := assumeRole(t, f, alice, roleARN)
	limits := vault.CallLimits{Timeout: 300 * time.Millisecond}
	for _, tc := range []struct {
		name string
		h    http.HandlerFunc
		want error
		text string
	}{
		{"never_answers", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body) // net/http notices a client leaving only once the body is read
			<-r.Context().Done()
		},
			vault.ErrNetwork, "cannot reach aws sign-in: no answer within 300ms"},
		{"trickles_forever", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			for r.Context().Err() == nil {
				if _, err := io.WriteString(w, " "); err != nil {
					return
				}
				_ = http.NewResponseController(w).Flush()
				select {
				case <-time.After(20 * time.Millisecond): // the pace of the trickle, not a wait for the test
				case <-r.Context().Done():
				}
			}
		}, vault.ErrNetwork, "cannot reach aws sign-in: no answer within 300ms"},
		{"oversize", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"SigninToken": "tok"`+strings.Repeat(" ", 2<<20)+`}`)
		}, login.ErrSigninUnavailable, "larger than 1 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.h)
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // bounds a broken build only
			defer cancel()
			start := time.Now()
			_, err := login.SigninToken(ctx, region, creds, login.SigninOptions{Endpoint: srv.URL, Limits: limits})
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %s, want about the 300ms deadline", took)
			}
			if !errors.Is(err, tc.want) || !strings.Contains(fmtErr(err), tc.text) || vault.Hint(err) == "" {
				t.Fatalf("error %v (hint %q): want %v saying %q, with a hint", err, vault.Hint(err), tc.want, tc.text)
			}
			assertNoSecret(t, err, creds.SecretAccessKey, creds.SessionToken, "/federation", "Post ", "deadline exceeded")
		})
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
