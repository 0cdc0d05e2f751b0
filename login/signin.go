package login

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/vault"
)

// Errors SigninToken returns; test with errors.Is. An endpoint that cannot be reached is
// vault.Unreachable("sign-in"): errors.Is(err, vault.ErrNetwork).
var (
	// ErrLongTermKeys: the credentials have no session token; the console takes only
	// temporary credentials (AssumeRole, GetFederationToken, IAM Identity Center).
	ErrLongTermKeys = errors.New("long-term access keys cannot sign in to the console")
	// ErrSessionDuration: SigninOptions.SessionDuration is outside 15 minutes..12 hours.
	ErrSessionDuration = errors.New("console session duration must be between 15m and 12h")
	// ErrSigninRejected: the federation endpoint refused the credentials (HTTP 4xx).
	ErrSigninRejected = errors.New("aws sign-in rejected the credentials")
	// ErrSigninUnavailable: the federation endpoint failed (HTTP 5xx) or answered nonsense.
	ErrSigninUnavailable = errors.New("aws sign-in is unavailable")
	// ErrBadEndpoint: the sign-in endpoint override is not a usable base URL.
	ErrBadEndpoint = errors.New("invalid sign-in endpoint")
)

// Console session limits of getSigninToken's SessionDuration ("Enable custom identity broker
// access to the AWS console": 900 seconds to 43200 seconds).
const (
	MinSessionDuration = 15 * time.Minute
	MaxSessionDuration = 12 * time.Hour
)

// EnvSigninEndpoint names the environment variable that points sign-in at another host (a
// fake in tests): a base URL such as http://127.0.0.1:1234 replacing the scheme and host of
// the federation endpoint.
const EnvSigninEndpoint = "VAULTBAR_SIGNIN_ENDPOINT"

// SigninEndpointFromEnv returns the sign-in endpoint override from env, "" when unset.
func SigninEndpointFromEnv(env vault.Env) string {
	return strings.TrimSpace(env.Get(EnvSigninEndpoint))
}

// SigninOptions tunes SigninToken. The zero value is ready to use.
type SigninOptions struct {
	// SessionDuration is the console session length to ask for; 0 does not send it (AWS's
	// default then applies). Only some credentials may send it: see SessionDurationAllowed
	// and ForKind.
	SessionDuration time.Duration
	// Endpoint overrides the scheme and host of the federation endpoint (see
	// EnvSigninEndpoint); "" uses FederationEndpoint(region).
	Endpoint string
	// HTTPClient makes the request; nil uses a client honouring HTTPS_PROXY, NO_PROXY and the
	// system roots (SSL_CERT_FILE), that follows no redirects.
	HTTPClient *http.Client
	// Limits bound the call (deadline for the whole exchange, size of the answer), as for
	// every AWS call; zero fields mean vault's defaults (30 s, 1 MiB).
	Limits vault.CallLimits
}

// ForKind returns o with SessionDuration cleared when credentials of kind may not send it.
func (o SigninOptions) ForKind(kind CredentialKind) SigninOptions {
	if !SessionDurationAllowed(kind) {
		o.SessionDuration = 0
	}
	return o
}

// CredentialKind is where console credentials came from (vault.ConsoleCredentials says);
// it decides whether getSigninToken may carry SessionDuration.
type CredentialKind = vault.ConsoleKind

// The kinds, named for the sign-in rules below.
const (
	RoleFromLongTermKeys = vault.ConsoleRoleFromKeys
	RoleFromSession      = vault.ConsoleRoleFromSession
	FederationToken      = vault.ConsoleFederation
	SSORole              = vault.ConsoleSSORole
)

// SessionDurationAllowed reports whether getSigninToken may carry SessionDuration for
// credentials of kind. The IAM User Guide ("Enable custom identity broker access to the AWS
// console") allows SessionDuration only with AssumeRole* credentials, and says that the
// federation call fails when those were requested with DurationSeconds by anything but an
// IAM user with long-term credentials (role chaining fails in practice, with or without
// DurationSeconds: aws-sso-cli and Teleport omit it there); it also says not to send it with
// GetFederationToken credentials, whose own DurationSeconds sets the console session. SSO
// role credentials are not issued to an IAM user with long-term keys either, so they do not
// send it.
func SessionDurationAllowed(kind CredentialKind) bool {
	return kind == RoleFromLongTermKeys
}

// ResolveEndpoint returns the federation endpoint for region, with the scheme and host
// replaced by override when it is set. The override must be an http(s) base URL without
// path, query or credentials; plain http only to a loopback host.
func ResolveEndpoint(region, override string) (string, error) {
	if override == "" {
		return FederationEndpoint(region), nil
	}
	u, err := url.Parse(override)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
		strings.Trim(u.Path, "/") != "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", vault.WithHint(fmt.Errorf("%w: %s is not a base url like https://host:port", ErrBadEndpoint, EnvSigninEndpoint),
			"unset %s or give scheme and host only", EnvSigninEndpoint)
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return "", vault.WithHint(fmt.Errorf("%w: plain http is allowed only to a loopback host", ErrBadEndpoint),
			"use https in %s", EnvSigninEndpoint)
	}
	return u.Scheme + "://" + u.Host + "/federation", nil
}

// SigninToken exchanges temporary credentials for a console sign-in token (valid for 15
// minutes, one use) at the federation endpoint of region.
//
// The credentials travel in a POST form body, never in a URL, so that no proxy or server log
// records them. Errors name the failure and carry a hint (vault.Hint) but never the
// credentials, the token, the request body or the request URL.
func SigninToken(ctx context.Context, region string, creds aws.Credentials, o SigninOptions) (string, error) {
	if creds.SessionToken == "" {
		return "", vault.WithHint(fmt.Errorf("get console sign-in token: %w", ErrLongTermKeys),
			"sign in with a role, or let vaultbar call GetFederationToken for IAM user keys")
	}
	if creds.AccessKeyID == "" || creds.SecretAccessKey == "" {
		return "", fmt.Errorf("get console sign-in token: %w: incomplete credentials", ErrSigninRejected)
	}
	form := url.Values{"Action": {"getSigninToken"}}
	if d := o.SessionDuration; d != 0 {
		if d < MinSessionDuration || d > MaxSessionDuration {
			return "", vault.WithHint(fmt.Errorf("get console sign-in token: %w (got %s)", ErrSessionDuration, d),
				"ask for a console session between 15m and 12h")
		}
		form.Set("SessionDuration", strconv.Itoa(int(d/time.Second)))
	}
	session, err := json.Marshal(struct {
		ID    string `json:"sessionId"`
		Key   string `json:"sessionKey"`
		Token string `json:"sessionToken"`
	}{creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken})
	if err != nil {
		return "", fmt.Errorf("get console sign-in token: encode session: %w", err)
	}
	form.Set("Session", string(session))
	endpoint, err := ResolveEndpoint(region, o.Endpoint)
	if err != nil {
		return "", fmt.Errorf("get console sign-in token: %w", err)
	}
	return postSigninToken(ctx, endpoint, form, o)
}

// postSigninToken makes the one request under o.Limits: the deadline covers the body too,
// because the call's context stays live until the body has been read.
func postSigninToken(ctx context.Context, endpoint string, form url.Values, o SigninOptions) (string, error) {
	callCtx, cancel := o.Limits.Start(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(callCtx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("get console sign-in token: %w", ErrBadEndpoint)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	client := cmp.Or(o.HTTPClient, defaultClient)
	host := req.URL.Host
	resp, err := client.Do(req)
	if err != nil {
		return "", transportError(ctx, host, o.Limits.Explain(callCtx, err))
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := o.Limits.ReadBody(resp.Body)
	var tooLarge *vault.ResponseTooLargeError
	if errors.As(err, &tooLarge) {
		return "", vault.WithHint(fmt.Errorf("get console sign-in token from %s: %w: %w", host, ErrSigninUnavailable, tooLarge),
			"check %s and HTTPS_PROXY: something other than aws sign-in answered", EnvSigninEndpoint)
	}
	if err != nil {
		return "", transportError(ctx, host, o.Limits.Explain(callCtx, err))
	}
	return parseSigninResponse(resp.StatusCode, host, body)
}

// parseSigninResponse reads {"SigninToken": "..."}; error texts carry the status, never the body.
func parseSigninResponse(status int, host string, body []byte) (string, error) {
	switch {
	case status >= 500:
		return "", vault.WithHint(fmt.Errorf("get console sign-in token from %s: %w (http %d)", host, ErrSigninUnavailable, status),
			"try again in a minute")
	case status >= 400:
		return "", vault.WithHint(fmt.Errorf("get console sign-in token from %s: %w (http %d)", host, ErrSigninRejected, status),
			"the session may have expired (clear it and try again); session-token credentials and "+
				"role-chained credentials with a console session duration are refused")
	case status != http.StatusOK:
		return "", fmt.Errorf("get console sign-in token from %s: %w: unexpected http %d", host, ErrSigninUnavailable, status)
	}
	var out struct {
		SigninToken string
	}
	if err := json.Unmarshal(body, &out); err != nil || out.SigninToken == "" {
		return "", fmt.Errorf("get console sign-in token from %s: %w: the answer has no sign-in token", host, ErrSigninUnavailable)
	}
	return out.SigninToken, nil
}

// transportError reports a failed round trip without the request URL (*url.Error prints it).
// ctx is the caller's: its cancellation is reported as such, while the call's own deadline
// (a *vault.NoAnswerError from Explain) is a network failure with a hint.
func transportError(ctx context.Context, host string, err error) error {
	var noAnswer *vault.NoAnswerError
	if !errors.As(err, &noAnswer) {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("get console sign-in token from %s: %w", host, ctxErr)
		}
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
	}
	return vault.WithHint(fmt.Errorf("get console sign-in token from %s: %w: %w", host, errSigninUnreachable, err), vault.NetworkHint)
}

var errSigninUnreachable = vault.Unreachable("sign-in")

// defaultClient uses the default transport settings (ProxyFromEnvironment, system roots,
// which honour SSL_CERT_FILE) and refuses redirects, so the POSTed credentials never go
// anywhere but the federation endpoint. Its calls are bounded by SigninOptions.Limits.
var defaultClient = &http.Client{
	Transport: http.DefaultTransport.(*http.Transport).Clone(),
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// LoginURL is the sign-in link: endpoint?Action=login&Issuer=…&Destination=…&SigninToken=…,
// every value query-escaped. It holds a live sign-in token: give it to the browser only.
func LoginURL(endpoint, issuer, destination, token string) string {
	var b strings.Builder
	b.Grow(len(endpoint) + len(issuer) + len(destination) + len(token) + 64)
	b.WriteString(endpoint)
	b.WriteString("?Action=login&Issuer=")
	b.WriteString(url.QueryEscape(issuer))
	b.WriteString("&Destination=")
	b.WriteString(url.QueryEscape(destination))
	b.WriteString("&SigninToken=")
	b.WriteString(url.QueryEscape(token))
	return b.String()
}

// LogoutURL is a link that first ends any console session of the browser and then goes to
// next (usually a LoginURL), for browsers without per-profile isolation. In the aws
// partition it uses us-east-1.signin.aws.amazon.com/oauth?Action=logout, as Leapp and the
// aws-vault ByteNess fork (--auto-logout) do; other partitions use their sign-in host.
func LogoutURL(region, next string) string {
	p := PartitionOf(region)
	host := p.SigninDomain
	if p.ID == "aws" {
		host = "us-east-1." + host
	}
	return "https://" + host + "/oauth?Action=logout&redirect_uri=" + url.QueryEscape(next)
}

// LogoutURLAt is LogoutURL on the host of a federation endpoint (from ResolveEndpoint), so a
// sign-in endpoint override gets its log-out there too.
func LogoutURLAt(endpoint, next string) string {
	base := strings.TrimSuffix(endpoint, "/federation")
	return base + "/oauth?Action=logout&redirect_uri=" + url.QueryEscape(next)
}
