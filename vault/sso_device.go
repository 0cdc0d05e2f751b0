package vault

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// SSOSignIn is what the user needs to approve an IAM Identity Center sign-in in a browser.
type SSOSignIn struct {
	StartURL string
	// UserCode is the code the verification page shows, for the user to compare (XXXX-XXXX).
	UserCode string
	// VerificationURI is the page to type the code into; VerificationURIComplete has the code
	// filled in: open this one.
	VerificationURI, VerificationURIComplete string
	// Expires is when the code stops working.
	Expires time.Time
	// Reason says why the user must sign in again ("" for a first sign-in), e.g. that the
	// session the refresh token belonged to has ended.
	Reason string
}

// SignInSSO shows a sign-in to the user (opens the browser, prints or shows the code) and
// returns at once; the Vault polls for the result. An error aborts the sign-in.
type SignInSSO func(ctx context.Context, s SSOSignIn) error

// Wait sleeps for d or until ctx ends (then it returns ctx's error).
type Wait func(ctx context.Context, d time.Duration) error

func realWait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The device authorization grant (RFC 8628) and its defaults at AWS.
const (
	grantDeviceCode     = "urn:ietf:params:oauth:grant-type:device_code"
	grantRefreshToken   = "refresh_token"
	ssoClientName       = "vaultbar"
	defaultPollInterval = 5 * time.Second
	slowDownStep        = 5 * time.Second
)

// deviceSignIn registers a client unless rec holds a usable one, starts a device
// authorization, shows it through the SSOSignIn effect and polls until the user approved
// it, denied it, the code expired or ctx ended.
func (v *Vault) deviceSignIn(ctx context.Context, s SSOSession, rec *ssoRecord, reason string) (OIDCToken, *ssoClientReg, error) {
	what := "iam identity center sign-in for " + s.StartURL
	if v.signIn == nil {
		return OIDCToken{}, nil, WithHint(fmt.Errorf("%s: %w and nothing here can open one", what, ErrSSONoBrowser),
			"run the command in a terminal (vaultbar exec or env) or use the menu to sign in")
	}
	oidc := v.oidcClient(s.Region)
	var client *ssoClientReg
	if rec.usableClient(v.now(), s.Region, s.Scopes) {
		client = rec.Client
	}
	start, client, err := v.startDevice(ctx, oidc, s, client)
	if err != nil {
		return OIDCToken{}, nil, ssoError(what, err)
	}
	expiresIn := time.Duration(start.ExpiresIn) * time.Second
	deadline := v.now().Add(expiresIn)
	if err := v.signIn(ctx, SSOSignIn{StartURL: s.StartURL, UserCode: start.UserCode,
		VerificationURI: start.VerificationURI, VerificationURIComplete: start.VerificationURIComplete,
		Expires: deadline, Reason: reason}); err != nil {
		return OIDCToken{}, nil, fmt.Errorf("%s: %w", what, err)
	}
	tok, err := v.pollToken(ctx, oidc, client, start, deadline)
	if err != nil {
		return OIDCToken{}, nil, ssoError(what, err)
	}
	return tok, client, nil
}

// startDevice starts the device authorization with client, registering one first when there
// is none, or when AWS no longer knows the one kept.
func (v *Vault) startDevice(ctx context.Context, oidc *oidcAPI, s SSOSession, client *ssoClientReg) (oidcDeviceAuthorization, *ssoClientReg, error) {
	for fresh := false; ; fresh = true {
		if client == nil {
			var err error
			if client, err = v.registerClient(ctx, oidc, s); err != nil {
				return oidcDeviceAuthorization{}, nil, err
			}
			fresh = true
		}
		out, err := oidc.StartDeviceAuthorization(ctx, oidcStartDeviceInput{
			ClientID: client.ClientID, ClientSecret: client.ClientSecret, StartURL: s.StartURL})
		if err == nil && (out.DeviceCode == "" || out.VerificationURIComplete == "") {
			err = errEmptyAnswer
		}
		if ssoAPICode(err) == "InvalidClientException" && !fresh {
			client = nil
			continue
		}
		return out, client, err
	}
}

func (v *Vault) registerClient(ctx context.Context, oidc *oidcAPI, s SSOSession) (*ssoClientReg, error) {
	out, err := oidc.RegisterClient(ctx, oidcRegisterClientInput{ClientName: ssoClientName, ClientType: "public", Scopes: s.Scopes})
	if err != nil {
		return nil, err
	}
	if out.ClientID == "" || out.ClientSecret == "" {
		return nil, errEmptyAnswer
	}
	return &ssoClientReg{ClientID: out.ClientID, ClientSecret: out.ClientSecret,
		ExpiresAt: time.Unix(out.ClientSecretExpiresAt, 0).UTC(), Region: s.Region, Scopes: s.Scopes}, nil
}

// pollToken polls CreateToken every interval (RFC 8628 §3.5): authorization_pending means
// wait, slow_down means wait 5 s longer from now on; anything else ends the sign-in.
func (v *Vault) pollToken(ctx context.Context, oidc *oidcAPI, client *ssoClientReg, start oidcDeviceAuthorization, deadline time.Time) (OIDCToken, error) {
	interval := defaultPollInterval
	if start.Interval > 0 {
		interval = time.Duration(start.Interval) * time.Second
	}
	in := oidcCreateTokenInput{ClientID: client.ClientID, ClientSecret: client.ClientSecret,
		GrantType: grantDeviceCode, DeviceCode: start.DeviceCode}
	for {
		if err := v.wait(ctx, interval); err != nil {
			return OIDCToken{}, err
		}
		out, err := oidc.CreateToken(ctx, in)
		switch ssoAPICode(err) {
		case "AuthorizationPendingException":
		case "SlowDownException":
			interval += slowDownStep
		default:
			if err != nil {
				return OIDCToken{}, err
			}
			return oidcTokenOf(out)
		}
		if !v.now().Before(deadline) {
			return OIDCToken{}, errCodeExpired
		}
	}
}

// errRefreshRefused: the refresh token (or the client that holds it) is no longer accepted;
// only a new sign-in helps.
var errRefreshRefused = errors.New("refresh token refused")

// refreshSSOToken gets a new access token with rec's refresh token, without the user.
func (v *Vault) refreshSSOToken(ctx context.Context, s SSOSession, rec *ssoRecord) (OIDCToken, error) {
	out, err := v.oidcClient(s.Region).CreateToken(ctx, oidcCreateTokenInput{
		ClientID: rec.Client.ClientID, ClientSecret: rec.Client.ClientSecret,
		GrantType: grantRefreshToken, RefreshToken: rec.Token.RefreshToken})
	switch ssoAPICode(err) {
	case "InvalidGrantException", "InvalidClientException", "UnauthorizedClientException", "AccessDeniedException", "ExpiredTokenException":
		return OIDCToken{}, errRefreshRefused
	}
	if err != nil {
		return OIDCToken{}, ssoError("refresh iam identity center token for "+s.StartURL, err)
	}
	tok, err := oidcTokenOf(out)
	if err != nil {
		return OIDCToken{}, ssoError("refresh iam identity center token for "+s.StartURL, err)
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = rec.Token.RefreshToken
	}
	return tok, nil
}

func oidcTokenOf(out oidcCreateTokenOutput) (OIDCToken, error) {
	if out.AccessToken == "" || out.ExpiresIn <= 0 {
		return OIDCToken{}, errEmptyAnswer
	}
	return OIDCToken{AccessToken: out.AccessToken, TokenType: out.TokenType,
		IDToken: out.IDToken, RefreshToken: out.RefreshToken, ExpiresIn: out.ExpiresIn}, nil
}
