package vault_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/internal/fixture"
	"github.com/vaultbar/vaultbar/vault"
)

const (
	ssoStartURL = fixture.SSOStartURL
	ssoAccount  = fixture.SSOAccount
)

// ssoConfig is the fixture's three profiles of one sign-in, a legacy one and a role on one.
const ssoConfig = "\n" + fixture.SSOConfig + `
[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = ` + ssoAccount + `
sso_role_name = Developer

[profile sso-admin]
source_profile = sso-dev
role_arn = arn:aws:iam::555555555555:role/admin
region = eu-west-1
`

// ssoRig is a vault over an in-memory keyring and the fake IAM Identity Center, with a
// sign-in effect that plays the user's browser and an instant, recording wait.
type ssoRig struct {
	t       *testing.T
	fake    *fakeaws.Fake
	clock   *fakeaws.Clock
	kr      *safeKeyring
	store   *vault.Store
	v       *vault.Vault
	cfg     *vault.ConfigFile
	mu      sync.Mutex
	signIns []vault.SSOSignIn
	waits   []time.Duration
	browser func(s vault.SSOSignIn) // what the "user" does in the browser; default approve
	onWait  func(ctx context.Context, n int) error
}

func newSSORig(t *testing.T) *ssoRig {
	t.Helper()
	r := &ssoRig{t: t, fake: fakeaws.Start(t), clock: fakeaws.NewClock(time.Now()), kr: &safeKeyring{kr: keyring.NewArrayKeyring(nil)}}
	r.fake.STS.Now = r.clock.Now
	r.fake.SSO.AddAccount(ssoAccount, "dev", "dev@example.com", "Developer", "Operator", "ReadOnly")
	r.browser = func(s vault.SSOSignIn) { must(t, r.fake.SSO.Approve(s.UserCode)) }
	r.store = vault.NewStore(r.kr, r.clock.Now)
	cfg, err := vault.ParseConfig([]byte(ssoConfig))
	must(t, err)
	r.cfg = cfg
	r.v = vault.New(r.store, vault.Options{
		Env: vault.Env{"AWS_ENDPOINT_URL_STS": r.fake.URL, "AWS_ENDPOINT_URL_SSO_OIDC": r.fake.SSOURL, "AWS_ENDPOINT_URL_SSO": r.fake.SSOURL},
		Now: r.clock.Now,
		SSOSignIn: func(ctx context.Context, s vault.SSOSignIn) error {
			r.mu.Lock()
			r.signIns = append(r.signIns, s)
			r.mu.Unlock()
			r.browser(s)
			return nil
		},
		Wait: func(ctx context.Context, d time.Duration) error {
			r.mu.Lock()
			r.waits = append(r.waits, d)
			n := len(r.waits)
			r.mu.Unlock()
			if r.onWait != nil {
				return r.onWait(ctx, n)
			}
			return ctx.Err()
		},
	})
	return r
}

func (r *ssoRig) creds(ctx context.Context, name string) (string, error) {
	p, err := (&vault.Resolver{File: r.cfg, Env: vault.Env{}}).Profile(name)
	must(r.t, err)
	c, err := r.v.Credentials(ctx, p, vault.CredentialOptions{})
	return c.AccessKeyID, err
}

func (r *ssoRig) mustCreds(name string) string {
	r.t.Helper()
	id, err := r.creds(context.Background(), name)
	if err != nil {
		r.t.Fatalf("credentials for %s: %v", name, err)
	}
	return id
}

func (r *ssoRig) signInCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.signIns)
}

// The first SSO profile signs in once through the browser; the token is stored as aws-vault
// stores it (plus the client registration), the role credentials as aws-vault's SSO session;
// a second profile of the same start URL and a second request sign in no more.
func TestSSOSignsInOnceAndSharesTheToken(t *testing.T) {
	t.Parallel()
	r := newSSORig(t)
	id := r.mustCreds("sso-dev")
	if !strings.HasPrefix(id, fakeaws.IssuedKeyPrefix) {
		t.Errorf("credentials = %s, want role credentials from the portal", id)
	}
	if r.signInCount() != 1 || !strings.Contains(r.signIns[0].VerificationURIComplete, "user_code="+r.signIns[0].UserCode) {
		t.Fatalf("sign-ins = %+v, want one with the code in the URL", r.signIns)
	}
	r.mustCreds("sso-ops")
	r.mustCreds("sso-dev")
	for op, want := range map[string]int{"RegisterClient": 1, "StartDeviceAuthorization": 1, "GetRoleCredentials": 2} {
		if n := r.fake.SSO.Count(op); n != want {
			t.Errorf("%s calls = %d, want %d", op, n, want)
		}
	}
	if calls := r.fake.SSO.Calls("RegisterClient"); len(calls[0].Scopes) != 1 || calls[0].Scopes[0] != "sso:account:access" {
		t.Errorf("registered with scopes %q, want the session's", calls[0].Scopes)
	}
	if got := r.signInCount(); got != 1 {
		t.Errorf("sign-ins = %d, want 1", got)
	}
	keys, err := r.store.Sessions()
	must(t, err)
	if len(keys) != 2 || keys[0].Type != vault.SessionTypeSSO || keys[0].MFASerial != ssoStartURL {
		t.Errorf("cached sessions = %+v, want two sso.GetRoleCredentials keyed by the start URL", keys)
	}
	item, err := r.kr.Get("oidc:" + ssoStartURL)
	must(t, err)
	var rec struct {
		Token struct {
			AccessToken, RefreshToken *string
			ResultMetadata            map[string]any
		}
		Expiration     time.Time
		VaultbarClient *struct{ ClientID string }
	}
	must(t, json.Unmarshal(item.Data, &rec))
	if rec.Token.AccessToken == nil || rec.Token.RefreshToken == nil || rec.VaultbarClient == nil || rec.Expiration.IsZero() {
		t.Errorf("stored token %s lacks a field", fieldList(item.Data))
	}
	if !strings.HasPrefix(string(item.Data), `{"Token":{"AccessToken":`) {
		t.Errorf("stored token does not start like aws-vault's: %s", fieldList(item.Data))
	}
	if tok, err := r.store.OIDCToken(ssoStartURL); err != nil || tok.AccessToken != *rec.Token.AccessToken {
		t.Errorf("aws-vault's reader of the item: %v", err)
	}
}

func fieldList(data []byte) string {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(data, &m)
	var names []string
	for k := range m {
		names = append(names, k)
	}
	return strings.Join(names, ",")
}

// Polling waits the interval AWS asks for, 5 s more after each slow_down.
func TestSSOPollingHonoursIntervalAndSlowDown(t *testing.T) {
	t.Parallel()
	r := newSSORig(t)
	r.fake.SSO.Interval = 2 * time.Second
	r.fake.SSO.SlowDown(2)
	r.mustCreds("sso-dev")
	want := []time.Duration{2 * time.Second, 7 * time.Second, 12 * time.Second}
	if len(r.waits) != len(want) || r.waits[0] != want[0] || r.waits[1] != want[1] || r.waits[2] != want[2] {
		t.Errorf("waits = %v, want %v", r.waits, want)
	}
	if n := r.fake.SSO.Count("CreateToken"); n != 3 {
		t.Errorf("CreateToken polls = %d, want 3", n)
	}
}

// Cancelling the only request stops the sign-in's polling.
func TestSSOCancelStopsPolling(t *testing.T) {
	t.Parallel()
	r := newSSORig(t)
	r.browser = func(vault.SSOSignIn) {} // the user never approves
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan bool, 1)
	r.onWait = func(wctx context.Context, n int) error {
		if n < 3 {
			return nil
		}
		cancel()
		select {
		case <-wctx.Done():
			stopped <- true
		case <-time.After(10 * time.Second):
			stopped <- false
		}
		return wctx.Err()
	}
	_, err := r.creds(ctx, "sso-dev")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if !<-stopped {
		t.Fatal("the sign-in kept polling after its only caller gave up")
	}
	if n := r.fake.SSO.Count("CreateToken"); n != 2 {
		t.Errorf("CreateToken polls = %d, want 2 (none after the cancel)", n)
	}
}

func TestSSODeniedAndExpiredCodes(t *testing.T) {
	t.Parallel()
	t.Run("denied", func(t *testing.T) {
		t.Parallel()
		r := newSSORig(t)
		r.browser = func(s vault.SSOSignIn) { must(t, r.fake.SSO.Deny(s.UserCode)) }
		_, err := r.creds(context.Background(), "sso-dev")
		checkSSOError(t, err, vault.ErrSSODenied)
	})
	t.Run("expired", func(t *testing.T) {
		t.Parallel()
		r := newSSORig(t)
		r.browser = func(vault.SSOSignIn) {}
		r.onWait = func(context.Context, int) error { r.clock.Advance(4 * time.Minute); return nil }
		_, err := r.creds(context.Background(), "sso-dev")
		checkSSOError(t, err, vault.ErrSSOCodeExpired)
	})
}

func checkSSOError(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) || vault.Hint(err) == "" {
		t.Fatalf("error = %v (hint %q), want %v with a hint", err, vault.Hint(err), want)
	}
	if msg := err.Error(); msg[:1] != strings.ToLower(msg[:1]) ||
		strings.Contains(msg, fakeaws.SSOAccessTokenMarker) || strings.Contains(msg, fakeaws.SSOClientSecretMarker) {
		t.Errorf("error %q is not lowercase or holds a secret", msg)
	}
}

// An expired access token is renewed with the refresh token, without the browser; once the
// refresh token is revoked, the next request signs in through the browser again, saying why.
func TestSSORefreshTokenThenRevoked(t *testing.T) {
	t.Parallel()
	r := newSSORig(t)
	r.mustCreds("sso-dev")
	r.clock.Advance(9 * time.Hour) // the access token (8 h) and role credentials (1 h) expired
	r.mustCreds("sso-dev")
	if n, s := r.signInCount(), r.fake.SSO.Calls("CreateToken"); n != 1 || s[len(s)-1].GrantType != fakeaws.GrantRefreshToken {
		t.Fatalf("sign-ins = %d, last CreateToken grant %q: want the refresh token used, no browser", n, s[len(s)-1].GrantType)
	}
	r.fake.SSO.RevokeRefreshTokens()
	r.clock.Advance(9 * time.Hour)
	r.mustCreds("sso-dev")
	if n := r.signInCount(); n != 2 || r.signIns[1].Reason == "" {
		t.Fatalf("sign-ins = %+v, want a second one that says why", r.signIns)
	}
	if n := r.fake.SSO.Count("RegisterClient"); n != 1 {
		t.Errorf("RegisterClient calls = %d, want 1 (the registration is kept)", n)
	}
}

// A 401 to a cached token drops it and signs in again, once.
func TestSSOUnauthorizedCachedTokenSignsInAgain(t *testing.T) {
	t.Parallel()
	r := newSSORig(t)
	r.mustCreds("legacy")
	r.fake.SSO.ExpireAccessTokens()
	_, err := r.store.RemoveSessions("legacy")
	must(t, err)
	r.mustCreds("legacy")
	if n := r.fake.SSO.Count("StartDeviceAuthorization"); n != 2 {
		t.Errorf("device authorizations = %d, want 2", n)
	}
	if n := r.fake.SSO.Count("GetRoleCredentials"); n != 3 {
		t.Errorf("GetRoleCredentials calls = %d, want 3 (one refused)", n)
	}
}

// Garbage, huge answers and a missing role give one clear error with a hint.
func TestSSOBadAnswers(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		op   string
		brk  fakeaws.SSOBreak
		want error
	}{
		"garbage_register": {"RegisterClient", fakeaws.SSOGarbage, vault.ErrSSOBadAnswer},
		"huge_token":       {"CreateToken", fakeaws.SSOHuge, vault.ErrSSOBadAnswer},
		"garbage_role":     {"GetRoleCredentials", fakeaws.SSOGarbage, vault.ErrSSOBadAnswer},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := newSSORig(t)
			r.fake.SSO.Break(tc.op, tc.brk)
			_, err := r.creds(context.Background(), "sso-dev")
			checkSSOError(t, err, tc.want)
			if strings.Contains(err.Error(), "hotel") {
				t.Errorf("error %q repeats the answer", err)
			}
		})
	}
	r := newSSORig(t)
	cfg, err := vault.ParseConfig([]byte(strings.ReplaceAll(ssoConfig, "sso_role_name = ReadOnly", "sso_role_name = Nope")))
	must(t, err)
	r.cfg = cfg
	_, err = r.creds(context.Background(), "sso-read")
	checkSSOError(t, err, vault.ErrAccessDenied)
}

// A role chained from an SSO profile is assumed at STS with the SSO role credentials.
func TestSSOChainedRole(t *testing.T) {
	t.Parallel()
	r := newSSORig(t)
	id := r.mustCreds("sso-admin")
	calls := r.fake.STS.CallsFor("AssumeRole")
	if len(calls) != 1 || !strings.HasPrefix(calls[0].AccessKeyID, fakeaws.IssuedKeyPrefix) {
		t.Fatalf("AssumeRole calls = %+v, want one signed with the SSO role credentials", calls)
	}
	if sess, ok := r.fake.STS.Session(id); !ok || sess.Action != "AssumeRole" {
		t.Errorf("credentials %s are not the assumed role's", id)
	}
}

// Thirty concurrent requests of three profiles of one start URL make one sign-in.
func TestSSOConcurrentRequestsShareOneSignIn(t *testing.T) {
	t.Parallel()
	r := newSSORig(t)
	var wg sync.WaitGroup
	errs := make(chan error, 30)
	for i := range 30 {
		wg.Go(func() {
			_, err := r.creds(context.Background(), []string{"sso-dev", "sso-ops", "sso-read"}[i%3])
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	if n, s := r.signInCount(), r.fake.SSO.Count("StartDeviceAuthorization"); n != 1 || s != 1 {
		t.Errorf("sign-ins = %d, device authorizations = %d, want 1 and 1", n, s)
	}
	if n := r.fake.SSO.Count("GetRoleCredentials"); n != 3 {
		t.Errorf("GetRoleCredentials calls = %d, want 3 (one per profile)", n)
	}
}

// The portal listings follow every page.
func TestSSOAccountsAndRolesAllPages(t *testing.T) {
	t.Parallel()
	r := newSSORig(t)
	r.fake.SSO.PageSize = 2
	for _, id := range []string{"100000000001", "100000000002", "100000000003", "100000000004"} {
		r.fake.SSO.AddAccount(id, "acct-"+id, "", "Admin")
	}
	s := vault.SSOSession{StartURL: ssoStartURL, Region: "eu-west-1", Scopes: []string{"sso:account:access"}}
	accounts, err := r.v.SSOAccounts(context.Background(), s)
	must(t, err)
	if len(accounts) != 5 || accounts[0].ID != ssoAccount || accounts[4].Name != "acct-100000000004" {
		t.Errorf("accounts = %+v, want all five in order", accounts)
	}
	roles, err := r.v.SSOAccountRoles(context.Background(), s, ssoAccount)
	must(t, err)
	if strings.Join(roles, ",") != "Developer,Operator,ReadOnly" {
		t.Errorf("roles = %q", roles)
	}
	if a, b := r.fake.SSO.Count("ListAccounts"), r.fake.SSO.Count("ListAccountRoles"); a != 3 || b != 2 {
		t.Errorf("ListAccounts/ListAccountRoles calls = %d/%d, want 3/2", a, b)
	}
}
