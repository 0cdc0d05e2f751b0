package fakeaws_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

func TestGetFederationToken(t *testing.T) {
	f, clk := start(t)
	out, err := alice(f).GetFederationToken(context.Background(), &sts.GetFederationTokenInput{
		Name: aws.String("bob"), Policy: aws.String(`{"Version":"2012-10-17"}`),
	})
	if err != nil {
		t.Fatalf("GetFederationToken: %v", err)
	}
	wantARN := "arn:aws:sts::111111111111:federated-user/bob"
	//lint:ignore SA1019 the fake answers PackedPolicySize as STS still does
	packed := out.PackedPolicySize
	if *out.FederatedUser.Arn != wantARN || *out.FederatedUser.FederatedUserId != "111111111111:bob" || packed == nil {
		t.Errorf("federated user = %s / %s, packed = %v", *out.FederatedUser.Arn, *out.FederatedUser.FederatedUserId, packed)
	}
	if want := clk.Now().Add(12 * time.Hour); !out.Credentials.Expiration.Equal(want) {
		t.Errorf("expiration = %v, want %v", out.Credentials.Expiration, want)
	}
	if arn := callerARN(t, sessionClient(f, out.Credentials)); arn != wantARN {
		t.Errorf("federated caller = %s, want %s", arn, wantARN)
	}
}

func TestGetCallerIdentityUser(t *testing.T) {
	f, _ := start(t)
	out, err := alice(f).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if *out.Arn != aliceARN || *out.Account != fakeaws.Account || !strings.HasPrefix(*out.UserId, "AIDA") {
		t.Errorf("identity = %s %s %s", *out.Arn, *out.Account, *out.UserId)
	}
}

func TestAuthentication(t *testing.T) {
	f, clk := start(t)
	ctx := context.Background()
	sess, err := alice(f).GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(900)})
	if err != nil {
		t.Fatalf("GetSessionToken: %v", err)
	}
	c := sess.Credentials
	cases := []struct {
		name   string
		client *sts.Client
		code   string
	}{
		{"unknown key", client(f, "AKIAFAKEUNKNOWN00001", aliceSecret, ""), "InvalidClientTokenId"},
		{"wrong secret", client(f, aliceKey, "not-the-secret", ""), "SignatureDoesNotMatch"},
		{"token with long-term key", client(f, aliceKey, aliceSecret, *c.SessionToken), "InvalidClientTokenId"},
		{"unknown session", client(f, "ASIAFAKE999999999999", "x", "faketoken"), "InvalidClientTokenId"},
		{"wrong session token", client(f, *c.AccessKeyId, *c.SecretAccessKey, "faketoken-other"), "InvalidClientTokenId"},
		{"wrong session secret", client(f, *c.AccessKeyId, "fakesecret-other", *c.SessionToken), "SignatureDoesNotMatch"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			wantAPIError(t, err, tc.code, http.StatusForbidden)
		})
	}

	clk.Advance(900 * time.Second)
	_, err = sessionClient(f, c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "ExpiredToken", http.StatusForbidden)
}

func TestIssuedCredentialsAreUnique(t *testing.T) {
	f, _ := start(t)
	const n = 16
	keys := make(chan string, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			out, err := alice(f).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{})
			if err != nil {
				t.Errorf("GetSessionToken: %v", err)
				return
			}
			keys <- *out.Credentials.AccessKeyId + *out.Credentials.SecretAccessKey + *out.Credentials.SessionToken
		})
	}
	wg.Wait()
	close(keys)
	seen := map[string]bool{}
	for k := range keys {
		if seen[k] {
			t.Errorf("credentials issued twice: %s", k)
		}
		seen[k] = true
	}
	if len(f.Calls()) != n {
		t.Errorf("recorded %d calls, want %d", len(f.Calls()), n)
	}
}

func TestFaults(t *testing.T) {
	f, _ := start(t)
	ctx := context.Background()
	get := func() error {
		_, err := alice(f).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		return err
	}

	f.FailNext("GetCallerIdentity", "Throttling", "Rate exceeded", http.StatusBadRequest)
	wantAPIError(t, get(), "Throttling", http.StatusBadRequest)
	if err := get(); err != nil {
		t.Errorf("after one-shot fault: %v", err)
	}

	f.FailNext("AssumeRole", "AccessDenied", "not this one", http.StatusForbidden)
	if err := get(); err != nil {
		t.Errorf("fault for another action fired: %v", err)
	}

	f.Fail("", "ServiceUnavailable", "down", http.StatusServiceUnavailable)
	wantAPIError(t, get(), "ServiceUnavailable", http.StatusServiceUnavailable)
	wantAPIError(t, get(), "ServiceUnavailable", http.StatusServiceUnavailable)
	f.ClearFaults()
	if err := get(); err != nil {
		t.Errorf("after ClearFaults: %v", err)
	}
}

func TestHold(t *testing.T) {
	f, _ := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	release := f.Hold()
	const n = 3
	done := make(chan error, n)
	for range n {
		go func() {
			_, err := alice(f).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			done <- err
		}()
	}
	if err := f.WaitForCalls(ctx, "GetCallerIdentity", n); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Fatalf("a held call was answered: %v", err)
	default:
	}
	release()
	release() // idempotent
	for range n {
		if err := <-done; err != nil {
			t.Errorf("released call: %v", err)
		}
	}
}

func TestReset(t *testing.T) {
	f, _ := start(t)
	if _, err := alice(f).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	calls := f.Calls()
	if len(calls) != 1 || calls[0].Action != "GetCallerIdentity" || !strings.HasPrefix(calls[0].Host, "127.0.0.1:") {
		t.Errorf("calls = %+v", calls)
	}
	calls[0].Params.Set("Action", "Mutated")
	if f.Calls()[0].Action != "GetCallerIdentity" || f.Calls()[0].Params.Get("Action") != "GetCallerIdentity" {
		t.Error("Calls returned the fake's own record")
	}
	f.Reset()
	if len(f.Calls()) != 0 {
		t.Errorf("calls after Reset = %+v", f.Calls())
	}
	if _, err := alice(f).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("Reset forgot the user: %v", err)
	}
}

// SessionLifetime shortens every issued session, whatever was asked, for soak runs.
func TestSessionLifetime(t *testing.T) {
	f, clk := start(t)
	f.SessionLifetime = 2 * time.Minute
	out, err := alice(f).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{
		SerialNumber: aws.String(mfaSerial), TokenCode: aws.String(mfaCode), DurationSeconds: aws.Int32(3600),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := *out.Credentials.Expiration, clk.Now().Add(2*time.Minute); !got.Equal(want) {
		t.Errorf("expiration %s, want %s", got, want)
	}
}
