package login_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

const (
	aliceKey    = "AKIAFAKEALICE0000001"
	aliceSecret = "alice-" + fakeaws.SecretMarker + "-longterm"
	roleARN     = "arn:aws:iam::222222222222:role/admin"
	chainedARN  = "arn:aws:iam::333333333333:role/readonly"
	region      = "eu-west-1"
)

func start(t *testing.T) (*fakeaws.Fake, *fakeaws.Clock) {
	t.Helper()
	f := fakeaws.Start(t)
	clk := fakeaws.NewClock(time.Now())
	f.Now = clk.Now
	f.AddUser(aliceKey, aliceSecret, "alice")
	return f, clk
}

func stsClient(f *fakeaws.Fake, c aws.Credentials) *sts.Client {
	return sts.NewFromConfig(aws.Config{
		Region:           "us-east-1",
		Credentials:      aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return c, nil }),
		RetryMaxAttempts: 1,
	}, func(o *sts.Options) { o.BaseEndpoint = aws.String(f.URL) })
}

var alice = aws.Credentials{AccessKeyID: aliceKey, SecretAccessKey: aliceSecret}

func fromSTS(t *testing.T, c *types.Credentials, err error) aws.Credentials {
	t.Helper()
	if err != nil {
		t.Fatalf("sts: %v", err)
	}
	return aws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken}
}

func assumeRole(t *testing.T, f *fakeaws.Fake, with aws.Credentials, arn string) aws.Credentials {
	t.Helper()
	out, err := stsClient(f, with).AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn: aws.String(arn), RoleSessionName: aws.String("vaultbar-test"),
	})
	if err != nil {
		t.Fatalf("assume role: %v", err)
	}
	return fromSTS(t, out.Credentials, nil)
}

func sessionToken(t *testing.T, f *fakeaws.Fake) aws.Credentials {
	t.Helper()
	out, err := stsClient(f, alice).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatalf("get session token: %v", err)
	}
	return fromSTS(t, out.Credentials, nil)
}

func federationToken(t *testing.T, f *fakeaws.Fake) aws.Credentials {
	t.Helper()
	out, err := stsClient(f, alice).GetFederationToken(context.Background(), &sts.GetFederationTokenInput{
		Name:   aws.String("alice"),
		Policy: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`),
	})
	if err != nil {
		t.Fatalf("get federation token: %v", err)
	}
	return fromSTS(t, out.Credentials, nil)
}

// credsOfKind gets real fake-issued credentials of each kind the fake can issue.
func credsOfKind(t *testing.T, f *fakeaws.Fake) map[string]struct {
	kind  login.CredentialKind
	creds aws.Credentials
} {
	fromKeys := assumeRole(t, f, alice, roleARN)
	return map[string]struct {
		kind  login.CredentialKind
		creds aws.Credentials
	}{
		"role from long-term keys":        {login.RoleFromLongTermKeys, fromKeys},
		"role from session token session": {login.RoleFromSession, assumeRole(t, f, sessionToken(t, f), roleARN)},
		"role chained from a role":        {login.RoleFromSession, assumeRole(t, f, fromKeys, chainedARN)},
		"federation token":                {login.FederationToken, federationToken(t, f)},
	}
}

// assertNoSecret fails when err's text or hint holds a secret, a token or a marker of one.
func assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error")
	}
	text := err.Error() + "\n" + vault.Hint(err)
	for _, s := range append(secrets, fakeaws.SecretMarker, fakeaws.TokenMarker, fakeaws.SigninTokenMarker, "Session=", "sessionKey") {
		if s != "" && strings.Contains(text, s) {
			t.Fatalf("error %q leaks %q", text, s)
		}
	}
	if text != strings.ToLower(text[:1])+text[1:] {
		t.Errorf("error %q does not start lowercase", text)
	}
}

func TestSigninTokenPerCredentialKind(t *testing.T) {
	f, _ := start(t)
	ctx := context.Background()
	for name, c := range credsOfKind(t, f) {
		t.Run(name, func(t *testing.T) {
			o := login.SigninOptions{SessionDuration: 8 * time.Hour, Endpoint: f.SigninURL}.ForKind(c.kind)
			before := len(f.Signin.Calls())
			token, err := login.SigninToken(ctx, region, c.creds, o)
			if err != nil {
				t.Fatalf("SigninToken: %v", err)
			}
			if !strings.HasPrefix(token, fakeaws.SigninTokenMarker) {
				t.Fatalf("token %q is not the fake's", token)
			}
			calls := f.Signin.Calls()[before:]
			if len(calls) != 1 {
				t.Fatalf("%d getSigninToken calls, want 1", len(calls))
			}
			call := calls[0]
			allowed := login.SessionDurationAllowed(c.kind)
			if call.Method != http.MethodPost || call.AccessKeyID != c.creds.AccessKeyID || call.SessionDurationSent != allowed {
				t.Fatalf("call %+v; want POST by %s with SessionDuration sent = %v", call, c.creds.AccessKeyID, allowed)
			}
			if allowed && call.Params.Get("SessionDuration") != "28800" {
				t.Errorf("SessionDuration = %q, want 28800", call.Params.Get("SessionDuration"))
			}
			if !allowed {
				// What ForKind protects against: AWS refuses SessionDuration for these.
				_, err := login.SigninToken(ctx, region, c.creds, login.SigninOptions{SessionDuration: time.Hour, Endpoint: f.SigninURL})
				if !errors.Is(err, login.ErrSigninRejected) {
					t.Fatalf("with SessionDuration: %v, want ErrSigninRejected", err)
				}
				assertNoSecret(t, err, c.creds.SecretAccessKey, c.creds.SessionToken)
			}
		})
	}
}

func TestSigninTokenRejectsSessionTokenCredentials(t *testing.T) {
	f, _ := start(t)
	creds := sessionToken(t, f)
	_, err := login.SigninToken(context.Background(), region, creds, login.SigninOptions{Endpoint: f.SigninURL})
	if !errors.Is(err, login.ErrSigninRejected) || vault.Hint(err) == "" {
		t.Fatalf("err = %v, want ErrSigninRejected with a hint", err)
	}
	assertNoSecret(t, err, creds.SecretAccessKey, creds.SessionToken)
}

func TestSigninTokenExpiredCredentials(t *testing.T) {
	f, clk := start(t)
	creds := assumeRole(t, f, alice, roleARN)
	clk.Advance(time.Hour + time.Second)
	_, err := login.SigninToken(context.Background(), region, creds, login.SigninOptions{Endpoint: f.SigninURL})
	if !errors.Is(err, login.ErrSigninRejected) {
		t.Fatalf("err = %v, want ErrSigninRejected", err)
	}
	assertNoSecret(t, err, creds.SecretAccessKey, creds.SessionToken)
}

func TestSigninTokenLocalChecks(t *testing.T) {
	f, _ := start(t)
	creds := assumeRole(t, f, alice, roleARN)
	for _, tc := range []struct {
		name  string
		creds aws.Credentials
		d     time.Duration
		want  error
	}{
		{"long-term keys", alice, 0, login.ErrLongTermKeys},
		{"too short", creds, 899 * time.Second, login.ErrSessionDuration},
		{"too long", creds, 12*time.Hour + time.Second, login.ErrSessionDuration},
		{"negative", creds, -time.Hour, login.ErrSessionDuration},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := login.SigninToken(context.Background(), region, tc.creds, login.SigninOptions{SessionDuration: tc.d, Endpoint: f.SigninURL})
			if !errors.Is(err, tc.want) || vault.Hint(err) == "" {
				t.Fatalf("err = %v, want %v with a hint", err, tc.want)
			}
			assertNoSecret(t, err, tc.creds.SecretAccessKey, tc.creds.SessionToken)
		})
	}
	if n := len(f.Signin.Calls()); n != 0 {
		t.Errorf("%d calls reached the endpoint, want 0", n)
	}
	// The limits themselves are accepted.
	for _, d := range []time.Duration{login.MinSessionDuration, login.MaxSessionDuration} {
		if _, err := login.SigninToken(context.Background(), region, creds, login.SigninOptions{SessionDuration: d, Endpoint: f.SigninURL}); err != nil {
			t.Errorf("SessionDuration %s: %v", d, err)
		}
	}
}

func TestSigninTokenServerAndNetworkErrors(t *testing.T) {
	f, _ := start(t)
	creds := assumeRole(t, f, alice, roleARN)
	ctx := context.Background()

	f.Signin.Fail(http.StatusServiceUnavailable)
	_, err := login.SigninToken(ctx, region, creds, login.SigninOptions{Endpoint: f.SigninURL})
	if !errors.Is(err, login.ErrSigninUnavailable) || vault.Hint(err) == "" {
		t.Fatalf("5xx: %v", err)
	}
	assertNoSecret(t, err, creds.SecretAccessKey, creds.SessionToken)
	f.Signin.Fail(0)

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	_, err = login.SigninToken(ctx, region, creds, login.SigninOptions{Endpoint: closed.URL})
	if !errors.Is(err, vault.ErrNetwork) || !strings.Contains(err.Error(), "cannot reach aws sign-in: ") || vault.Hint(err) == "" {
		t.Fatalf("network: %v, want cannot reach aws sign-in, with a hint", err)
	}
	assertNoSecret(t, err, creds.SecretAccessKey, creds.SessionToken, "/federation", "Post ")

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = login.SigninToken(cancelled, region, creds, login.SigninOptions{Endpoint: f.SigninURL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	assertNoSecret(t, err, creds.SecretAccessKey, creds.SessionToken, "/federation")

	// A 200 without a token, and a redirect, are not followed or trusted.
	for name, h := range map[string]http.HandlerFunc{
		"empty answer": func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, `{}`) },
		"redirect": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, f.SigninURL+"/federation", http.StatusTemporaryRedirect)
		},
	} {
		srv := httptest.NewServer(h)
		_, err = login.SigninToken(ctx, region, creds, login.SigninOptions{Endpoint: srv.URL})
		srv.Close()
		if !errors.Is(err, login.ErrSigninUnavailable) {
			t.Errorf("%s: %v, want ErrSigninUnavailable", name, err)
		}
	}
	if n := len(f.Signin.Calls()); n != 1 {
		t.Errorf("the fake saw %d calls, want 1 (the 5xx; a cancelled request is never sent)", n)
	}
}

// The whole flow against the fake: token, login link, console page, one use, log-out.
func TestConsoleSigninFlow(t *testing.T) {
	f, _ := start(t)
	ctx := context.Background()
	creds := assumeRole(t, f, alice, roleARN)
	endpoint, err := login.ResolveEndpoint(region, login.SigninEndpointFromEnv(vault.Env{login.EnvSigninEndpoint: f.SigninURL}))
	if err != nil {
		t.Fatal(err)
	}
	dest, err := login.ConsoleURL(login.Destination{Region: region, Service: "ec2"})
	if err != nil {
		t.Fatal(err)
	}
	token, err := login.SigninToken(ctx, region, creds, login.SigninOptions{Endpoint: f.SigninURL, SessionDuration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	link := login.LoginURL(endpoint, "vaultbar", dest, token)

	page := get(t, browser, link, http.StatusOK)
	if !strings.Contains(page, "assumed-role/admin/vaultbar-test") || !strings.Contains(page, dest) {
		t.Fatalf("console page:\n%s", page)
	}
	hits := f.Signin.ConsoleHits()
	if len(hits) != 1 || !hits[0].SignedIn || hits[0].AccessKeyID != creds.AccessKeyID || hits[0].Destination != dest {
		t.Fatalf("console hits %+v", hits)
	}
	if logins := f.Signin.Logins(); len(logins) != 1 || logins[0].Issuer != "vaultbar" {
		t.Fatalf("logins %+v", logins)
	}

	// The token is single-use.
	get(t, &http.Client{}, link, http.StatusBadRequest)

	// Log-out first, then sign in as someone else: the console shows the new identity.
	other := federationToken(t, f)
	token2, err := login.SigninToken(ctx, region, other, login.SigninOptions{Endpoint: f.SigninURL})
	if err != nil {
		t.Fatal(err)
	}
	page = get(t, browser, login.LogoutURLAt(endpoint, login.LoginURL(endpoint, "vaultbar", dest, token2)), http.StatusOK)
	if !strings.Contains(page, "federated-user/alice") || f.Signin.Logouts() != 1 {
		t.Fatalf("after log-out and login, console page:\n%s", page)
	}

	// The log-out redirect refuses foreign targets.
	get(t, browser, login.LogoutURLAt(endpoint, "https://evil.example/"), http.StatusBadRequest)
}

func get(t *testing.T, c *http.Client, url string, want int) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("GET: status %d, want %d\n%s", resp.StatusCode, want, body)
	}
	return string(body)
}
