package fakeaws

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Markers in what the SSO fake issues, so tests can scan for leaks with a substring search.
const (
	SSOAccessTokenMarker  = "fakessoaccess"
	SSORefreshTokenMarker = "fakessorefresh"
	SSOClientSecretMarker = "fakessoclientsecret"
)

// The OAuth grant types CreateToken takes.
const (
	GrantDeviceCode   = "urn:ietf:params:oauth:grant-type:device_code"
	GrantRefreshToken = "refresh_token"
)

// clientTTL is how long a client registration lasts at AWS: 90 days.
const clientTTL = 90 * 24 * time.Hour

func oidcError(status int, typ, code, msg string) *ssoError {
	return &ssoError{status, typ, code, msg}
}

func invalidClient() *ssoError {
	return oidcError(http.StatusUnauthorized, "InvalidClientException", "invalid_client", "Invalid client provided")
}

type registerClientOutput struct {
	ClientID              string `json:"clientId"`
	ClientSecret          string `json:"clientSecret"`
	ClientIDIssuedAt      int64  `json:"clientIdIssuedAt"`
	ClientSecretExpiresAt int64  `json:"clientSecretExpiresAt"`
}

func (f *SSO) registerClient(in ssoInput) (any, *ssoError) {
	if in.ClientName == "" || in.ClientType != "public" {
		return nil, oidcError(http.StatusBadRequest, "InvalidClientMetadataException", "invalid_client_metadata",
			"clientName is required and clientType must be public")
	}
	now := f.now()
	f.mu.Lock()
	defer f.mu.Unlock()
	c := &ssoClient{id: f.nextID("fakeclient"), secret: SSOClientSecretMarker + randomHex(16),
		scopes: slices.Clone(in.Scopes), expires: now.Add(clientTTL).Truncate(time.Second)}
	f.clients[c.id] = c
	return registerClientOutput{c.id, c.secret, now.Unix(), c.expires.Unix()}, nil
}

// client authenticates a registered client; callers hold f.mu.
func (f *SSO) client(id, secret string) (*ssoClient, *ssoError) {
	c, ok := f.clients[id]
	if !ok || !equal(secret, c.secret) || !f.now().Before(c.expires) {
		return nil, invalidClient()
	}
	return c, nil
}

type startDeviceOutput struct {
	DeviceCode              string `json:"deviceCode"`
	UserCode                string `json:"userCode"`
	VerificationURI         string `json:"verificationUri"`
	VerificationURIComplete string `json:"verificationUriComplete"`
	ExpiresIn               int32  `json:"expiresIn"`
	Interval                int32  `json:"interval"`
}

func (f *SSO) startDeviceAuthorization(r *http.Request, in ssoInput) (any, *ssoError) {
	if in.StartURL == "" {
		return nil, oidcError(http.StatusBadRequest, "InvalidRequestException", "invalid_request", "startUrl is required")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := f.client(in.ClientID, in.ClientSecret); err != nil {
		return nil, err
	}
	ttl := cmp.Or(f.DeviceTTL, 10*time.Minute)
	d := &ssoDevice{code: f.nextID("fakedevicecode"), userCode: userCode(), clientID: in.ClientID,
		startURL: in.StartURL, expires: f.now().Add(ttl)}
	f.devices[d.code] = d
	base := "http://" + r.Host + "/device"
	return startDeviceOutput{
		DeviceCode:              d.code,
		UserCode:                d.userCode,
		VerificationURI:         base,
		VerificationURIComplete: base + "?user_code=" + d.userCode,
		ExpiresIn:               int32(ttl / time.Second),
		Interval:                int32(cmp.Or(f.Interval, time.Second) / time.Second),
	}, nil
}

// userCode is AWS's shape: two groups of four letters.
func userCode() string {
	const letters = "BCDFGHJKLMNPQRSTVWXZ"
	b := randomBytes(8)
	var s strings.Builder
	for i, c := range b {
		if i == 4 {
			s.WriteByte('-')
		}
		s.WriteByte(letters[int(c)%len(letters)])
	}
	return s.String()
}

type createTokenOutput struct {
	AccessToken  string `json:"accessToken"`
	TokenType    string `json:"tokenType"`
	ExpiresIn    int32  `json:"expiresIn"`
	RefreshToken string `json:"refreshToken,omitempty"`
}

func (f *SSO) createToken(in ssoInput) (any, *ssoError) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, err := f.client(in.ClientID, in.ClientSecret)
	if err != nil {
		return nil, err
	}
	switch in.GrantType {
	case GrantDeviceCode:
		d, err := f.pollDevice(in)
		if err != nil {
			return nil, err
		}
		return f.issueToken(c, d.startURL), nil
	case GrantRefreshToken:
		old, ok := f.refresh[in.RefreshToken]
		if !ok || old.revoked || old.clientID != c.id {
			return nil, oidcError(http.StatusBadRequest, "InvalidGrantException", "invalid_grant", "Invalid grant provided")
		}
		// The refresh token is rotated: the old one is spent.
		old.revoked = true
		return f.issueToken(c, old.startURL), nil
	default:
		return nil, oidcError(http.StatusBadRequest, "UnsupportedGrantTypeException", "unsupported_grant_type", "Unsupported grant type")
	}
}

// pollDevice judges one device-code poll as AWS does; callers hold f.mu.
func (f *SSO) pollDevice(in ssoInput) (*ssoDevice, *ssoError) {
	d, ok := f.devices[in.DeviceCode]
	if !ok || d.clientID != in.ClientID || d.used {
		return nil, oidcError(http.StatusBadRequest, "InvalidGrantException", "invalid_grant", "Invalid grant provided")
	}
	wall := time.Now()
	tooSoon := f.EnforceInterval && !d.lastPoll.IsZero() && wall.Sub(d.lastPoll) < cmp.Or(f.Interval, time.Second)-100*time.Millisecond
	d.lastPoll = wall
	switch {
	case !f.now().Before(d.expires):
		return nil, oidcError(http.StatusBadRequest, "ExpiredTokenException", "expired_token", "Device code has expired")
	case d.denied:
		return nil, oidcError(http.StatusBadRequest, "AccessDeniedException", "access_denied", "Access denied")
	case f.slowDown > 0 || tooSoon:
		f.slowDown = max(f.slowDown-1, 0)
		return nil, oidcError(http.StatusBadRequest, "SlowDownException", "slow_down", "Client is polling too quickly")
	case !d.approved:
		return nil, oidcError(http.StatusBadRequest, "AuthorizationPendingException", "authorization_pending", "Authorization is still pending")
	}
	d.used = true
	return d, nil
}

// issueToken mints an access token, and a refresh token when the client was registered with
// scopes (AWS gives refresh tokens only then); callers hold f.mu.
func (f *SSO) issueToken(c *ssoClient, startURL string) createTokenOutput {
	ttl := cmp.Or(f.AccessTokenTTL, 8*time.Hour)
	t := &ssoToken{access: SSOAccessTokenMarker + randomHex(24), clientID: c.id, startURL: startURL, expires: f.now().Add(ttl)}
	f.tokens[t.access] = t
	if len(c.scopes) > 0 {
		t.refresh = SSORefreshTokenMarker + randomHex(24)
		f.refresh[t.refresh] = t
	}
	return createTokenOutput{AccessToken: t.access, TokenType: "Bearer", ExpiresIn: int32(ttl / time.Second), RefreshToken: t.refresh}
}
