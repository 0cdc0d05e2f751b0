package vault_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/vault"
)

const (
	aliceMFA    = "arn:aws:iam::111111111111:mfa/alice"
	aliceKeyID  = "AKIAALICE00000000001"
	aliceSecret = "alicesecretfakesecret0000000000000000000"
	bobKeyID    = "AKIABOB0000000000001"
	bobSecret   = "bobsecretfakesecret00000000000000000000a"
	goodCode    = "123456"
	adminRole   = "arn:aws:iam::222222222222:role/admin"
	deployRole  = "arn:aws:iam::333333333333:role/deploy"
	readerRole  = "arn:aws:iam::222222222222:role/reader"
)

const chainConfig = `
[profile alice]
region = eu-west-1
mfa_serial = ` + aliceMFA + `

[profile admin]
source_profile = alice
role_arn = ` + adminRole + `
mfa_serial = ` + aliceMFA + `
region = eu-west-1

[profile admin-long]
source_profile = alice
role_arn = ` + adminRole + `
mfa_serial = ` + aliceMFA + `
duration_seconds = 7200
region = eu-west-1

[profile deploy]
source_profile = admin
role_arn = ` + deployRole + `
region = eu-west-1

[profile bob]
region = us-east-1

[profile reader]
source_profile = bob
role_arn = ` + readerRole + `
external_id = ext-42
role_session_name = bob-reads
source_identity = bob
session_tags = team=core, env=dev
transitive_session_tags = team
region = us-east-1
`

// rig is a vault over an in-memory keyring, talking to a fake STS, with a counting prompt.
type rig struct {
	t       *testing.T
	fake    *fakeaws.Fake
	kr      *safeKeyring
	store   *vault.Store
	v       *vault.Vault
	cfg     *vault.ConfigFile
	prompts atomic.Int32
	answer  func() (string, error)
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{t: t, fake: fakeaws.Start(t), kr: &safeKeyring{kr: keyring.NewArrayKeyring(nil)}}
	r.fake.STS.AddUser(aliceKeyID, aliceSecret, "alice")
	r.fake.STS.AddUser(bobKeyID, bobSecret, "bob")
	r.fake.STS.SetMFA(aliceMFA, goodCode)
	r.fake.STS.RequireMFA(adminRole)
	r.fake.STS.RequireExternalID(readerRole, "ext-42")
	r.store = vault.NewStore(r.kr, time.Now)
	must(t, r.store.SetCredentials("alice", aws.Credentials{AccessKeyID: aliceKeyID, SecretAccessKey: aliceSecret}))
	must(t, r.store.SetCredentials("bob", aws.Credentials{AccessKeyID: bobKeyID, SecretAccessKey: bobSecret}))
	cfg, err := vault.ParseConfig([]byte(chainConfig))
	must(t, err)
	r.cfg = cfg
	r.answer = func() (string, error) { return goodCode, nil }
	r.v = vault.New(r.store, vault.Options{
		Env: vault.Env{"AWS_ENDPOINT_URL_STS": r.fake.URL},
		Prompt: func(ctx context.Context, req vault.MFARequest) (string, error) {
			r.prompts.Add(1)
			return r.answer()
		},
	})
	return r
}

func (r *rig) profile(name string, flags vault.Overrides) *vault.Profile {
	r.t.Helper()
	p, err := (&vault.Resolver{File: r.cfg, Env: vault.Env{}, Flags: flags}).Profile(name)
	must(r.t, err)
	return p
}

func (r *rig) creds(name string, o vault.CredentialOptions) (aws.Credentials, error) {
	return r.v.Credentials(context.Background(), r.profile(name, vault.Overrides{}), o)
}

// sessionKeys lists the cached sessions as "type profile mfa", sorted.
func (r *rig) sessionKeys() []string {
	r.t.Helper()
	keys, err := r.store.Sessions()
	must(r.t, err)
	var out []string
	for _, k := range keys {
		out = append(out, k.Type+" "+k.Profile+" "+k.MFASerial)
	}
	slices.Sort(out)
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// safeKeyring serialises an ArrayKeyring, which is a bare map, for concurrent tests.
// onKeys, when set, runs before the n-th listing of keys (1-based), outside the lock: it
// stands for another process writing to the keyring at that moment.
type safeKeyring struct {
	mu     sync.Mutex
	kr     keyring.Keyring
	listed atomic.Int32
	onKeys func(n int32)
}

func (s *safeKeyring) Get(k string) (keyring.Item, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kr.Get(k)
}
func (s *safeKeyring) GetMetadata(k string) (keyring.Metadata, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kr.GetMetadata(k)
}
func (s *safeKeyring) Set(i keyring.Item) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kr.Set(i)
}
func (s *safeKeyring) Remove(k string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kr.Remove(k)
}
func (s *safeKeyring) Keys() ([]string, error) {
	if n := s.listed.Add(1); s.onKeys != nil {
		s.onKeys(n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kr.Keys()
}

// snapshot is every keyring item, to show a failure left the keyring unchanged.
func (s *safeKeyring) snapshot(t *testing.T) map[string]string {
	t.Helper()
	keys, err := s.Keys()
	must(t, err)
	out := map[string]string{}
	for _, k := range keys {
		it, err := s.Get(k)
		must(t, err)
		out[k] = string(it.Data)
	}
	return out
}

// step is one STS call a chain is expected to make.
type step struct {
	action string
	signer string            // "AKIA..." long-term key, or "session" for a key this fake issued
	params map[string]string // parameters that must be sent ("" = must be absent)
}

func TestChainTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		profile string
		opts    vault.CredentialOptions
		steps   []step
		cached  []string
		prompts int32
	}{
		{
			name: "user_with_mfa", profile: "alice",
			steps: []step{{"GetSessionToken", aliceKeyID, map[string]string{
				"SerialNumber": aliceMFA, "TokenCode": goodCode, "DurationSeconds": "3600"}}},
			cached:  []string{"sts.GetSessionToken alice " + aliceMFA},
			prompts: 1,
		},
		{
			name: "role_with_chained_mfa", profile: "admin",
			steps: []step{
				{"GetSessionToken", aliceKeyID, map[string]string{"SerialNumber": aliceMFA, "DurationSeconds": "28800"}},
				{"AssumeRole", "session", map[string]string{"RoleArn": adminRole, "SerialNumber": "", "TokenCode": "", "DurationSeconds": "3600"}},
			},
			cached:  []string{"sts.AssumeRole admin ", "sts.GetSessionToken alice " + aliceMFA},
			prompts: 1,
		},
		{
			name: "role_longer_than_an_hour", profile: "admin-long",
			steps: []step{{"AssumeRole", aliceKeyID, map[string]string{
				"RoleArn": adminRole, "SerialNumber": aliceMFA, "TokenCode": goodCode, "DurationSeconds": "7200"}}},
			cached:  []string{"sts.AssumeRole admin-long " + aliceMFA},
			prompts: 1,
		},
		{
			name: "two_level_role_chain", profile: "deploy",
			steps: []step{
				{"GetSessionToken", aliceKeyID, map[string]string{"SerialNumber": aliceMFA}},
				{"AssumeRole", "session", map[string]string{"RoleArn": adminRole, "SerialNumber": ""}},
				{"AssumeRole", "session", map[string]string{"RoleArn": deployRole, "SerialNumber": ""}},
			},
			cached:  []string{"sts.AssumeRole admin ", "sts.AssumeRole deploy ", "sts.GetSessionToken alice " + aliceMFA},
			prompts: 1,
		},
		{
			name: "source_without_mfa", profile: "reader",
			steps: []step{{"AssumeRole", bobKeyID, map[string]string{
				"RoleArn": readerRole, "SerialNumber": "", "ExternalId": "ext-42", "RoleSessionName": "bob-reads",
				"SourceIdentity": "bob", "Tags.member.1.Key": "env", "Tags.member.1.Value": "dev",
				"Tags.member.2.Key": "team", "Tags.member.2.Value": "core", "TransitiveTagKeys.member.1": "team"}}},
			cached: []string{"sts.AssumeRole reader "},
		},
		{
			name: "user_without_mfa", profile: "bob",
			steps:  []step{{"GetSessionToken", bobKeyID, map[string]string{"SerialNumber": "", "DurationSeconds": "3600"}}},
			cached: []string{"sts.GetSessionToken bob "},
		},
		{
			name: "no_session_user", profile: "alice", opts: vault.CredentialOptions{NoSession: true},
		},
		{
			name: "no_session_role", profile: "admin", opts: vault.CredentialOptions{NoSession: true},
			steps:   []step{{"AssumeRole", aliceKeyID, map[string]string{"SerialNumber": aliceMFA, "TokenCode": goodCode}}},
			cached:  []string{"sts.AssumeRole admin " + aliceMFA},
			prompts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t)
			first, err := r.creds(tt.profile, tt.opts)
			must(t, err)
			checkSteps(t, r.fake.STS.Calls(), tt.steps)
			if got := r.sessionKeys(); !slices.Equal(got, tt.cached) {
				t.Errorf("cached sessions = %q, want %q", got, tt.cached)
			}
			if got := r.prompts.Load(); got != tt.prompts {
				t.Errorf("prompts = %d, want %d", got, tt.prompts)
			}
			// Repeating the action is served from the keyring: no STS call, no prompt.
			r.fake.STS.Reset()
			again, err := r.creds(tt.profile, tt.opts)
			must(t, err)
			if calls := r.fake.STS.Calls(); len(calls) != 0 {
				t.Errorf("second request made %d STS calls (%s), want none", len(calls), calls[0].Action)
			}
			if again.AccessKeyID != first.AccessKeyID {
				t.Errorf("second request got key %s, want the cached %s", again.AccessKeyID, first.AccessKeyID)
			}
			if len(tt.steps) == 0 && first.AccessKeyID == "" {
				t.Error("no credentials returned")
			}
		})
	}
}

func checkSteps(t *testing.T, calls []fakeaws.Call, want []step) {
	t.Helper()
	if len(calls) != len(want) {
		var got []string
		for _, c := range calls {
			got = append(got, c.Action)
		}
		t.Fatalf("STS calls = %v, want %d calls", got, len(want))
	}
	for i, w := range want {
		c := calls[i]
		if c.Action != w.action {
			t.Errorf("call %d = %s, want %s", i, c.Action, w.action)
		}
		switch {
		case w.signer == "session" && (c.SessionToken == "" || !strings.HasPrefix(c.AccessKeyID, "ASIA")):
			t.Errorf("call %d (%s) signed by %s, want a session key", i, c.Action, c.AccessKeyID)
		case w.signer != "session" && c.AccessKeyID != w.signer:
			t.Errorf("call %d (%s) signed by %s, want %s", i, c.Action, c.AccessKeyID, w.signer)
		}
		for k, v := range w.params {
			if got := c.Params.Get(k); got != v {
				t.Errorf("call %d (%s) %s = %q, want %q", i, c.Action, k, got, v)
			}
		}
	}
}
