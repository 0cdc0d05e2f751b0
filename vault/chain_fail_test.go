package vault_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/vaultbar/vaultbar/vault"
)

// secrets are the fake secret values; no error text may ever contain one.
var secrets = []string{aliceSecret, bobSecret, "fakesecret", "faketoken", goodCode}

func TestChainFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		profile string
		setup   func(r *rig)
		want    error
		hint    string
	}{
		{
			name: "wrong_mfa_code", profile: "alice",
			setup: func(r *rig) { r.answer = func() (string, error) { return "654321", nil } },
			want:  vault.ErrMFARejected, hint: "next code",
		},
		{
			name: "cancelled_prompt", profile: "admin",
			setup: func(r *rig) { r.answer = func() (string, error) { return "", vault.ErrMFACancelled } },
			want:  vault.ErrMFACancelled,
		},
		{
			name: "malformed_code", profile: "alice",
			setup: func(r *rig) { r.answer = func() (string, error) { return "12 34", nil } },
			hint:  "current code",
		},
		{
			name: "access_denied", profile: "reader",
			setup: func(r *rig) {
				r.fake.STS.FailNext("AssumeRole", "AccessDenied", "User: bob is not authorized to perform: sts:AssumeRole", 403)
			},
			want: vault.ErrAccessDenied, hint: "trust policy",
		},
		{
			name: "expired_token", profile: "bob",
			setup: func(r *rig) {
				r.fake.STS.FailNext("GetSessionToken", "ExpiredToken", "The security token included in the request is expired", 403)
			},
			want: vault.ErrExpiredToken, hint: "vaultbar clear bob",
		},
		{
			name: "invalid_client_token_id", profile: "reader",
			setup: func(r *rig) {
				must(r.t, r.store.SetCredentials("bob", aws.Credentials{AccessKeyID: "AKIAUNKNOWN000000001", SecretAccessKey: bobSecret}))
			},
			want: vault.ErrInvalidKeys, hint: "vaultbar add bob",
		},
		{
			name: "network_down", profile: "alice",
			setup: func(r *rig) {
				r.v = vault.New(r.store, vault.Options{Env: vault.Env{"AWS_ENDPOINT_URL_STS": "http://127.0.0.1:1"},
					Prompt: func(context.Context, vault.MFARequest) (string, error) { return goodCode, nil }})
			},
			want: vault.ErrNetwork, hint: "HTTPS_PROXY",
		},
		{
			name: "no_credentials", profile: "alice",
			setup: func(r *rig) { must(r.t, r.store.RemoveCredentials("alice")) },
			want:  vault.ErrNoCredentials, hint: "vaultbar add alice",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t)
			tt.setup(r)
			before := r.kr.snapshot(t)
			_, err := r.creds(tt.profile, vault.CredentialOptions{})
			if err == nil {
				t.Fatal("got credentials, want an error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %q is not %v", err, tt.want)
			}
			if !strings.Contains(vault.Hint(err), tt.hint) {
				t.Errorf("hint %q does not mention %q", vault.Hint(err), tt.hint)
			}
			checkNoSecret(t, err.Error()+" "+vault.Hint(err))
			if after := r.kr.snapshot(t); !maps.Equal(before, after) {
				t.Errorf("keyring changed by a failed request:\nbefore %v\nafter  %v", keysOf(before), keysOf(after))
			}
		})
	}
}

func checkNoSecret(t *testing.T, text string) {
	t.Helper()
	if first := strings.ToLower(text[:1]); first != text[:1] {
		t.Errorf("error %q does not start lowercase", text)
	}
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("error text %q contains the secret %q", text, s)
		}
	}
}

func keysOf(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// An expired MFA session wanted by 500 callers at once is refreshed by exactly one STS call
// after exactly one prompt, and every caller gets the same new session.
func TestConcurrentRefreshSharesOneCallAndPrompt(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	stale := time.Now().Add(2 * time.Minute) // inside the 5-minute window: must be refreshed
	must(t, r.store.SetSession(vault.SessionTypeSessionToken, "alice", aliceMFA, types.Credentials{
		AccessKeyId: aws.String("ASIASTALE00000000001"), SecretAccessKey: aws.String("stalefakesecret"),
		SessionToken: aws.String("stalefaketoken"), Expiration: aws.Time(stale)}))
	release := r.fake.STS.Hold()
	p := r.profile("alice", vault.Overrides{})
	const n = 500
	keys := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := r.v.Credentials(context.Background(), p, vault.CredentialOptions{})
			keys[i], errs[i] = c.AccessKeyID, err
		}()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	must(t, r.fake.STS.WaitForCalls(ctx, "GetSessionToken", 1))
	release()
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if keys[i] != keys[0] || keys[i] == "ASIASTALE00000000001" {
			t.Fatalf("caller %d got key %s, caller 0 got %s", i, keys[i], keys[0])
		}
	}
	if got := len(r.fake.STS.CallsFor("GetSessionToken")); got != 1 {
		t.Errorf("STS GetSessionToken calls = %d, want 1", got)
	}
	if got := r.prompts.Load(); got != 1 {
		t.Errorf("prompts = %d, want 1", got)
	}
}

// A session stored by another process (the aws-vault CLI) after Vaultbar found the cache
// empty, but before it prompted, is used instead of prompting: the keyring is re-read just
// before the prompt.
func TestRereadsKeyringBeforePrompting(t *testing.T) {
	t.Parallel()
	// Count the key listings of the first lookup: does alice have keys, is a session cached.
	dry := newRig(t)
	start := dry.kr.listed.Load()
	_, err := dry.store.HasCredentials("alice")
	must(t, err)
	_, err = dry.store.Session(vault.SessionTypeSessionToken, "alice", aliceMFA)
	if !errors.Is(err, vault.ErrNotCached) {
		t.Fatalf("lookup of a missing session: %v", err)
	}
	firstLookup := dry.kr.listed.Load() - start

	r := newRig(t)
	other := vault.NewStore(r.kr, time.Now) // the other process, on the same keyring
	r.kr.onKeys = func(n int32) {
		if n == firstLookup+1 { // the first lookup missed; the next listing is the re-read's
			must(t, other.SetSession(vault.SessionTypeSessionToken, "alice", aliceMFA, types.Credentials{
				AccessKeyId: aws.String("ASIAOTHER00000000001"), SecretAccessKey: aws.String("otherfakesecret"),
				SessionToken: aws.String("otherfaketoken"), Expiration: aws.Time(time.Now().Add(time.Hour))}))
		}
	}
	c, err := r.creds("alice", vault.CredentialOptions{})
	must(t, err)
	if c.AccessKeyID != "ASIAOTHER00000000001" || r.prompts.Load() != 0 || len(r.fake.STS.Calls()) != 0 {
		t.Errorf("got %s after %d prompts and %d STS calls; want the other process's session, no prompt, no call",
			c.AccessKeyID, r.prompts.Load(), len(r.fake.STS.Calls()))
	}
}

// A typed code that AWS rejects is asked for again, saying why, up to three times in all; a
// code given with --mfa-token is not (it would only be rejected again).
func TestRejectedTypedCodeIsAskedAgain(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var retries []string
	answers := []string{"111111", goodCode}
	r.v = vault.New(r.store, vault.Options{Env: vault.Env{"AWS_ENDPOINT_URL_STS": r.fake.URL},
		Prompt: func(_ context.Context, req vault.MFARequest) (string, error) {
			retries = append(retries, req.Retry)
			a := answers[0]
			answers = answers[1:]
			return a, nil
		}})
	_, err := r.creds("alice", vault.CredentialOptions{})
	must(t, err)
	if len(retries) != 2 || retries[0] != "" || !strings.Contains(retries[1], "rejected") {
		t.Errorf("prompts said %q, want a plain first ask and a second naming the rejection", retries)
	}
	if calls := r.fake.STS.CallsFor("GetSessionToken"); len(calls) != 2 || calls[1].Params.Get("TokenCode") != goodCode {
		t.Errorf("GetSessionToken calls = %d, want 2 ending with the good code", len(calls))
	}

	flag := newRig(t)
	p := flag.profile("alice", vault.Overrides{MFAToken: "111111"})
	if _, err := flag.v.Credentials(context.Background(), p, vault.CredentialOptions{}); !errors.Is(err, vault.ErrMFARejected) {
		t.Errorf("wrong --mfa-token: %v, want ErrMFARejected", err)
	}
	if n := len(flag.fake.STS.CallsFor("GetSessionToken")); n != 1 || flag.prompts.Load() != 0 {
		t.Errorf("wrong --mfa-token made %d calls and %d prompts, want 1 and 0", n, flag.prompts.Load())
	}
}
