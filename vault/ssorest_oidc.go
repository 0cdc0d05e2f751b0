package vault

import (
	"context"
	"net/http"
)

// The OIDC operations' JSON, with the SDK's member names (service/ssooidc's schemas). Only the
// members Vaultbar sends or reads are here; omitempty leaves out what the SDK leaves out.

type oidcRegisterClientInput struct {
	ClientName string   `json:"clientName"`
	ClientType string   `json:"clientType"`
	Scopes     []string `json:"scopes,omitempty"`
}

type oidcRegisterClientOutput struct {
	ClientID              string `json:"clientId"`
	ClientSecret          string `json:"clientSecret"`
	ClientSecretExpiresAt int64  `json:"clientSecretExpiresAt"` // seconds since the epoch
}

type oidcStartDeviceInput struct {
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	StartURL     string `json:"startUrl"`
}

// oidcDeviceAuthorization is StartDeviceAuthorization's answer.
type oidcDeviceAuthorization struct {
	DeviceCode              string `json:"deviceCode"`
	UserCode                string `json:"userCode"`
	VerificationURI         string `json:"verificationUri"`
	VerificationURIComplete string `json:"verificationUriComplete"`
	ExpiresIn               int32  `json:"expiresIn"` // seconds
	Interval                int32  `json:"interval"`  // seconds between polls; 0: the default
}

// oidcCreateTokenInput is CreateToken's body for the device-code grant (DeviceCode) or the
// refresh-token grant (RefreshToken).
type oidcCreateTokenInput struct {
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	GrantType    string `json:"grantType"`
	DeviceCode   string `json:"deviceCode,omitempty"`
	RefreshToken string `json:"refreshToken,omitempty"`
}

type oidcCreateTokenOutput struct {
	AccessToken  string `json:"accessToken"`
	TokenType    string `json:"tokenType"`
	ExpiresIn    int32  `json:"expiresIn"` // seconds
	RefreshToken string `json:"refreshToken"`
	IDToken      string `json:"idToken"`
}

func (c *oidcAPI) RegisterClient(ctx context.Context, in oidcRegisterClientInput) (out oidcRegisterClientOutput, err error) {
	err = c.call(ctx, ssoRequest{op: "RegisterClient", method: http.MethodPost, path: "/client/register", body: in}, &out)
	return out, err
}

func (c *oidcAPI) StartDeviceAuthorization(ctx context.Context, in oidcStartDeviceInput) (out oidcDeviceAuthorization, err error) {
	err = c.call(ctx, ssoRequest{op: "StartDeviceAuthorization", method: http.MethodPost, path: "/device_authorization", body: in}, &out)
	return out, err
}

func (c *oidcAPI) CreateToken(ctx context.Context, in oidcCreateTokenInput) (out oidcCreateTokenOutput, err error) {
	err = c.call(ctx, ssoRequest{op: "CreateToken", method: http.MethodPost, path: "/token", body: in}, &out)
	return out, err
}
