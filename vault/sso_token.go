package vault

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SSOSession is one IAM Identity Center sign-in: a start URL in a region, registered with
// scopes (sso_registration_scopes; none for the legacy profile form). Every profile of one
// start URL shares its token, as aws-vault and the AWS CLI share it.
type SSOSession struct {
	Name     string // the [sso-session NAME], "" for the legacy form
	StartURL string
	Region   string
	Scopes   []string
}

// SSOSessionOf is the sign-in p's credentials come from.
func SSOSessionOf(p *Profile) SSOSession {
	var scopes []string
	for s := range strings.SplitSeq(p.SSORegistrationScopes, ",") {
		if s = strings.TrimSpace(s); s != "" {
			scopes = append(scopes, s)
		}
	}
	return SSOSession{Name: p.SSOSession, StartURL: p.SSOStartURL, Region: p.SSORegion, Scopes: scopes}
}

// ssoTokenMargin is how much life a cached access token must have left to be used.
const ssoTokenMargin = time.Minute

// SSOAccessToken returns a valid access token for s: the cached one (shared with aws-vault),
// else one from the refresh token, else one from a new sign-in in the browser through the
// SSOSignIn effect. Callers of one start URL share one sign-in, in this process and (through
// Options.Lock) across processes. The token is a secret.
func (v *Vault) SSOAccessToken(ctx context.Context, s SSOSession) (string, error) {
	tok, _, err := v.ssoToken(ctx, s)
	return tok, err
}

// ssoToken is SSOAccessToken, also saying whether the token came from the cache (so a 401
// may mean it was revoked) rather than from a sign-in or refresh just now.
func (v *Vault) ssoToken(ctx context.Context, s SSOSession) (token string, cached bool, err error) {
	if s.StartURL == "" || s.Region == "" {
		return "", false, WithHint(fmt.Errorf("iam identity center sign-in: %w: start URL and region are both required", ErrConfig),
			"set sso_start_url and sso_region in the profile or its [sso-session] section")
	}
	if tok, ok, err := v.cachedSSOToken(s.StartURL); ok || err != nil {
		return tok, ok, err
	}
	val, err := v.ssoFlights.Do(ctx, "login\x00"+s.StartURL, func(ctx context.Context) (any, error) {
		return v.ssoSignInLocked(ctx, s)
	})
	if err != nil {
		return "", false, err
	}
	return val.(string), false, nil
}

// cachedSSOToken is the cached access token with enough life left, if any.
func (v *Vault) cachedSSOToken(startURL string) (string, bool, error) {
	rec, err := v.store.ssoRecord(startURL)
	if err != nil {
		return "", false, err
	}
	if rec == nil || rec.Expiration.Sub(v.now()) <= ssoTokenMargin {
		return "", false, nil
	}
	return rec.Token.AccessToken, true, nil
}

// ssoSignInLocked holds the start URL's cross-process lock while it refreshes or signs in,
// and re-reads the keyring once it has it: the process it waited for (or aws-vault) has
// probably just signed in.
func (v *Vault) ssoSignInLocked(ctx context.Context, s SSOSession) (string, error) {
	for {
		unlock, waited, err := v.lockName(ctx, ssoLockName(v.store.where, s.StartURL))
		if err != nil {
			return "", fmt.Errorf("iam identity center sign-in for %s: %w", s.StartURL, err)
		}
		if waited {
			unlock()
			if tok, ok, err := v.cachedSSOToken(s.StartURL); ok || err != nil {
				return tok, err
			}
			continue
		}
		defer unlock()
		return v.ssoSignIn(ctx, s)
	}
}

func (v *Vault) ssoSignIn(ctx context.Context, s SSOSession) (string, error) {
	rec, err := v.store.ssoRecord(s.StartURL)
	if err != nil {
		return "", err
	}
	if rec != nil && rec.Expiration.Sub(v.now()) > ssoTokenMargin {
		return rec.Token.AccessToken, nil
	}
	reason := ""
	if rec != nil && rec.Token.RefreshToken != "" && rec.usableClient(v.now(), s.Region, s.Scopes) {
		tok, err := v.refreshSSOToken(ctx, s, rec)
		if err == nil {
			return v.saveSSOToken(s, tok, rec.Client)
		}
		if !errors.Is(err, errRefreshRefused) {
			return "", err
		}
		reason = "the iam identity center session has ended"
	}
	tok, client, err := v.deviceSignIn(ctx, s, rec, reason)
	if err != nil {
		return "", err
	}
	return v.saveSSOToken(s, tok, client)
}

func (v *Vault) saveSSOToken(s SSOSession, tok OIDCToken, client *ssoClientReg) (string, error) {
	if _, err := v.store.setSSORecord(s.StartURL, tok, client); err != nil {
		return "", fmt.Errorf("cache iam identity center token for %s: %w", s.StartURL, err)
	}
	return tok.AccessToken, nil
}

// ssoLockName is the lock file of one start URL's sign-in in one keyring.
func ssoLockName(keyringWhere, startURL string) string {
	sum := sha256.Sum256([]byte(keyringWhere + "\x00oidc:" + startURL))
	return "sso-" + hex.EncodeToString(sum[:16]) + ".lock"
}

// lockName takes a cross-process lock, or does nothing when the Vault has no LockFunc.
func (v *Vault) lockName(ctx context.Context, name string) (func(), bool, error) {
	if v.lock == nil {
		return func() {}, false, nil
	}
	return v.lock(ctx, name)
}
