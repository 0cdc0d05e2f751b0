package vault_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/vault"
)

// IAM and IAM Identity Center, which Vaultbar calls with clients of its own rather than the
// SDK's, are bounded as STS is: an endpoint that accepts the request and never answers fails
// the call within the deadline, as a network failure in one sentence with a hint.
func TestOwnClientsAreBoundedInTime(t *testing.T) {
	t.Parallel()
	stop := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // accepted, whole, and never answered
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(hung.Close)
	t.Cleanup(func() { close(stop) }) // first: Close waits for the handlers
	r := newRig(t)
	r.v = vault.New(r.store, vault.Options{Limits: testLimits, Env: vault.Env{
		"AWS_ENDPOINT_URL_IAM": hung.URL, "AWS_ENDPOINT_URL_SSO_OIDC": hung.URL, "AWS_ENDPOINT_URL_SSO": hung.URL},
		SSOSignIn: func(context.Context, vault.SSOSignIn) error { t.Error("a sign-in was shown"); return nil }})
	for name, call := range map[string]func(context.Context) error{
		"iam": func(ctx context.Context) error {
			_, err := r.v.AccessKeyInfo(ctx, r.profile("bob", vault.Overrides{}))
			return err
		},
		"iam identity center": func(ctx context.Context) error {
			_, err := r.v.SSOAccessToken(ctx, vault.SSOSession{Name: "corp", StartURL: "https://corp.awsapps.com/start", Region: "eu-west-1"})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			start := time.Now()
			err := call(ctx)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("the call took %s against a 500ms deadline", took)
			}
			if !errors.Is(err, vault.ErrNetwork) || !strings.Contains(err.Error(), "no answer within 500ms") || vault.Hint(err) == "" {
				t.Errorf("error %v (hint %q): want a network failure saying no answer within 500ms, with a hint", err, vault.Hint(err))
			}
		})
	}
}
