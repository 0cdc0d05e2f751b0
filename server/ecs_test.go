package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

func TestECSRefusals(t *testing.T) {
	t.Parallel()
	src, _, _ := primed(t, time.Hour)
	ecs, err := NewECS(src, ECSOptions{Token: "right-token"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		method string
		header map[string]string
		status int
	}{
		{"no_token", http.MethodGet, nil, http.StatusUnauthorized},
		{"wrong_token", http.MethodGet, map[string]string{"Authorization": "wrong-token"}, http.StatusForbidden},
		{"token_prefix", http.MethodGet, map[string]string{"Authorization": "right-toke"}, http.StatusForbidden},
		{"bearer_scheme", http.MethodGet, map[string]string{"Authorization": "Bearer right-token"}, http.StatusForbidden},
		{"empty_token", http.MethodGet, map[string]string{"Authorization": ""}, http.StatusForbidden},
		{"post", http.MethodPost, map[string]string{"Authorization": "right-token"}, http.StatusMethodNotAllowed},
		{"put", http.MethodPut, map[string]string{"Authorization": "right-token"}, http.StatusMethodNotAllowed},
		{"wrong_method_without_token", http.MethodDelete, nil, http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := do(ecs, request(tc.method, "/", tc.header))
			if w.Code != tc.status {
				t.Errorf("status %d, want %d", w.Code, tc.status)
			}
			var m message
			if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil || m.Message == "" {
				t.Errorf("body %q is not a JSON message (%v)", w.Body, err)
			}
			if strings.Contains(w.Body.String(), "secret") {
				t.Errorf("body %q leaks credentials", w.Body)
			}
		})
	}
}

func TestECSServesCredentials(t *testing.T) {
	t.Parallel()
	src, _, _ := primed(t, time.Hour)
	ecs, err := NewECS(src, ECSOptions{Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/anything/here", "/creds?x=1"} {
		w := do(ecs, request(http.MethodGet, path, map[string]string{"Authorization": "tok"}))
		if w.Code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", path, w.Code, w.Body)
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
		want := `{"AccessKeyId":"ASIAFAKE000000000001","SecretAccessKey":"secret-1","Token":"token-1","Expiration":"2026-03-01T13:00:00Z"}`
		if got := w.Body.String(); got != want {
			t.Errorf("%s: body\n%s\nwant\n%s", path, got, want)
		}
	}
}

func TestECSGeneratesToken(t *testing.T) {
	t.Parallel()
	src := NewSource(nil, SourceOptions{})
	a, err := NewECS(src, ECSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewECS(src, ECSOptions{})
	if len(a.Token()) != 43 || a.Token() == b.Token() {
		t.Errorf("tokens %q and %q: want two different 256-bit base64url tokens", a.Token(), b.Token())
	}
	for _, bad := range []string{" padded", "line\nbreak", "tab\t"} {
		if _, err := NewECS(src, ECSOptions{Token: bad}); err == nil {
			t.Errorf("token %q accepted", bad)
		}
	}
}

func TestECSCredentialFailureStatus(t *testing.T) {
	t.Parallel()
	src := NewSource(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{}, errors.New("mfa prompt cancelled")
	}, SourceOptions{})
	defer src.Close()
	ecs, _ := NewECS(src, ECSOptions{Token: "tok"})
	w := do(ecs, request(http.MethodGet, "/", map[string]string{"Authorization": "tok"}))
	if w.Code != http.StatusBadGateway || !strings.Contains(w.Body.String(), "mfa prompt cancelled") {
		t.Errorf("got %d %s, want 502 with the reason", w.Code, w.Body)
	}
}

func TestECSRoleARN(t *testing.T) {
	t.Parallel()
	clock := fakeaws.NewClock(t0)
	src := NewSource(newCredsFunc(clock, time.Hour).fn, SourceOptions{Now: clock.Now})
	defer src.Close()
	var asked []string
	ecs, _ := NewECS(src, ECSOptions{Token: "tok", Roles: func(_ context.Context, arn string) (aws.Credentials, error) {
		asked = append(asked, arn)
		c := fakeCreds(100+len(asked), clock.Now(), time.Hour)
		return c, nil
	}})
	defer ecs.Close()
	noRoles, _ := NewECS(src, ECSOptions{Token: "tok"})
	auth := map[string]string{"Authorization": "tok"}
	const arn = "arn:aws:iam::123456789012:role/path/deploy"

	for range 3 {
		w := do(ecs, request(http.MethodGet, "/role-arn/"+arn, auth))
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), fakeCreds(101, t0, 0).AccessKeyID) {
			t.Fatalf("got %d %s", w.Code, w.Body)
		}
	}
	if len(asked) != 1 || asked[0] != arn {
		t.Errorf("roles asked %q, want the ARN once", asked)
	}
	for _, tc := range []struct {
		name   string
		h      http.Handler
		path   string
		status int
	}{
		{"not_a_role_arn", ecs, "/role-arn/arn:aws:iam::123456789012:user/bob", http.StatusBadRequest},
		{"garbage", ecs, "/role-arn/nope", http.StatusBadRequest},
		{"roles_not_served", noRoles, "/role-arn/" + arn, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if w := do(tc.h, request(http.MethodGet, tc.path, auth)); w.Code != tc.status {
				t.Errorf("status %d, want %d: %s", w.Code, tc.status, w.Body)
			}
		})
	}
}

// The real client: aws-sdk-go-v2's endpointcreds, as AWS_CONTAINER_CREDENTIALS_FULL_URI and
// AWS_CONTAINER_AUTHORIZATION_TOKEN configure it.
func TestECSWithSDKClient(t *testing.T) {
	t.Parallel()
	want := aws.Credentials{
		AccessKeyID:     "ASIASDKECS0000000001",
		SecretAccessKey: "ecs/secret+value",
		SessionToken:    "ecs-session-token",
		CanExpire:       true,
		Expires:         time.Now().Add(time.Hour).Truncate(time.Second).UTC(),
		AccountID:       "123456789012",
	}
	src := NewSource(func(context.Context) (aws.Credentials, error) { return want, nil }, SourceOptions{})
	defer src.Close()
	ecs, err := NewECS(src, ECSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv := start(t, ecs)

	got, err := endpointcreds.New(srv.URL(), func(o *endpointcreds.Options) {
		o.AuthorizationToken = ecs.Token()
	}).Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got.Source = ""
	if !got.Expires.Equal(want.Expires) {
		t.Errorf("expires %s, want %s", got.Expires, want.Expires)
	}
	got.Expires = want.Expires
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// AWS_CONTAINER_CREDENTIALS_FULL_URI=http://localhost:PORT, as aws-vault accepts it.
	byName := strings.Replace(srv.URL(), "127.0.0.1", "localhost", 1)
	if got, err := endpointcreds.New(byName, func(o *endpointcreds.Options) { o.AuthorizationToken = ecs.Token() }).Retrieve(context.Background()); err != nil || got.AccessKeyID != want.AccessKeyID {
		t.Errorf("via %s: %v, %s", byName, err, got.AccessKeyID)
	}

	_, err = endpointcreds.New(srv.URL(), func(o *endpointcreds.Options) {
		o.AuthorizationToken = "wrong"
		o.Retryer = aws.NopRetryer{}
	}).Retrieve(context.Background())
	if err == nil || !strings.Contains(err.Error(), "invalid Authorization token") {
		t.Errorf("wrong token: got %v", err)
	}
}
