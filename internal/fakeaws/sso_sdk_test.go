package fakeaws_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	oidctypes "github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

// Vaultbar calls IAM Identity Center with its own small client (vault/ssorest*.go); these
// tests hold the fake to the real SDK's clients, so that what Vaultbar's client is tested
// against is what AWS sends: the same operations, JSON members and exception names.

func ssoConfig() aws.Config {
	return aws.Config{Region: "eu-west-1", RetryMaxAttempts: 1}
}

func oidcSDK(f *fakeaws.Fake) *ssooidc.Client {
	return ssooidc.NewFromConfig(ssoConfig(), func(o *ssooidc.Options) { o.BaseEndpoint = aws.String(f.SSOURL) })
}

func portalSDK(f *fakeaws.Fake) *sso.Client {
	return sso.NewFromConfig(ssoConfig(), func(o *sso.Options) { o.BaseEndpoint = aws.String(f.SSOURL) })
}

// deviceSignIn registers a client and starts a device authorization with the SDK.
func deviceSignIn(t *testing.T, f *fakeaws.Fake, scopes ...string) (*ssooidc.RegisterClientOutput, *ssooidc.StartDeviceAuthorizationOutput) {
	t.Helper()
	ctx := context.Background()
	reg, err := oidcSDK(f).RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("test"), ClientType: aws.String("public"), Scopes: scopes})
	if err != nil {
		t.Fatalf("RegisterClient: %v", err)
	}
	dev, err := oidcSDK(f).StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String("https://corp.awsapps.com/start")})
	if err != nil {
		t.Fatalf("StartDeviceAuthorization: %v", err)
	}
	return reg, dev
}

func TestSSODeviceGrantWithTheSDK(t *testing.T) {
	t.Parallel()
	f, _ := start(t)
	ctx := context.Background()
	reg, dev := deviceSignIn(t, f, "sso:account:access")
	if !strings.HasSuffix(aws.ToString(dev.VerificationUriComplete), "user_code="+aws.ToString(dev.UserCode)) || dev.ExpiresIn <= 0 ||
		dev.Interval != 1 || reg.ClientSecretExpiresAt <= 0 {
		t.Fatalf("device authorization %+v, registration expiring %d", dev, reg.ClientSecretExpiresAt)
	}
	poll := &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String(fakeaws.GrantDeviceCode), DeviceCode: dev.DeviceCode}
	_, err := oidcSDK(f).CreateToken(ctx, poll)
	var pending *oidctypes.AuthorizationPendingException
	if !errors.As(err, &pending) {
		t.Fatalf("poll before approval: %v, want AuthorizationPendingException", err)
	}
	wantAPIError(t, err, "AuthorizationPendingException", http.StatusBadRequest)
	f.SSO.SlowDown(1)
	_, err = oidcSDK(f).CreateToken(ctx, poll)
	var slow *oidctypes.SlowDownException
	if !errors.As(err, &slow) {
		t.Fatalf("poll after SlowDown: %v, want SlowDownException", err)
	}
	if err := f.SSO.Approve(aws.ToString(dev.UserCode)); err != nil {
		t.Fatal(err)
	}
	tok, err := oidcSDK(f).CreateToken(ctx, poll)
	if err != nil || !strings.HasPrefix(aws.ToString(tok.AccessToken), fakeaws.SSOAccessTokenMarker) ||
		!strings.HasPrefix(aws.ToString(tok.RefreshToken), fakeaws.SSORefreshTokenMarker) || tok.ExpiresIn <= 0 || aws.ToString(tok.TokenType) != "Bearer" {
		t.Fatalf("CreateToken after approval = %+v, %v", tok, err)
	}
	refresh := &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String(fakeaws.GrantRefreshToken), RefreshToken: tok.RefreshToken}
	if _, err := oidcSDK(f).CreateToken(ctx, refresh); err != nil {
		t.Fatalf("refresh grant: %v", err)
	}
	_, err = oidcSDK(f).CreateToken(ctx, refresh) // the refresh token was spent
	var invalid *oidctypes.InvalidGrantException
	if !errors.As(err, &invalid) || aws.ToString(invalid.Error_) != "invalid_grant" {
		t.Fatalf("spent refresh token: %v, want InvalidGrantException with error invalid_grant", err)
	}
	_, err = oidcSDK(f).StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: reg.ClientId, ClientSecret: aws.String("wrong"), StartUrl: aws.String("https://corp.awsapps.com/start")})
	wantAPIError(t, err, "InvalidClientException", http.StatusUnauthorized)
}

func TestSSODeniedSignInWithTheSDK(t *testing.T) {
	t.Parallel()
	f, _ := start(t)
	reg, dev := deviceSignIn(t, f)
	if err := f.SSO.Deny(aws.ToString(dev.UserCode)); err != nil {
		t.Fatal(err)
	}
	_, err := oidcSDK(f).CreateToken(context.Background(), &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String(fakeaws.GrantDeviceCode), DeviceCode: dev.DeviceCode})
	var denied *oidctypes.AccessDeniedException
	if !errors.As(err, &denied) {
		t.Fatalf("denied sign-in: %v, want AccessDeniedException", err)
	}
}

func TestSSOPortalWithTheSDK(t *testing.T) {
	t.Parallel()
	f, _ := start(t)
	ctx := context.Background()
	f.SSO.PageSize = 2
	for _, id := range []string{"100000000001", "100000000002", "100000000003"} {
		f.SSO.AddAccount(id, "acct-"+id, id+"@example.com", "Admin", "ReadOnly", "Billing")
	}
	reg, dev := deviceSignIn(t, f)
	if err := f.SSO.Approve(aws.ToString(dev.UserCode)); err != nil {
		t.Fatal(err)
	}
	tok, err := oidcSDK(f).CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String(fakeaws.GrantDeviceCode), DeviceCode: dev.DeviceCode})
	if err != nil {
		t.Fatal(err)
	}
	portal := portalSDK(f)
	creds, err := portal.GetRoleCredentials(ctx, &sso.GetRoleCredentialsInput{AccessToken: tok.AccessToken,
		AccountId: aws.String("100000000002"), RoleName: aws.String("ReadOnly")})
	if err != nil || !strings.HasPrefix(aws.ToString(creds.RoleCredentials.AccessKeyId), fakeaws.IssuedKeyPrefix) ||
		creds.RoleCredentials.Expiration < 1e12 {
		t.Fatalf("GetRoleCredentials = %+v, %v; want credentials expiring in milliseconds since the epoch", creds.RoleCredentials, err)
	}
	_, err = portal.GetRoleCredentials(ctx, &sso.GetRoleCredentialsInput{AccessToken: tok.AccessToken,
		AccountId: aws.String("100000000002"), RoleName: aws.String("Nope")})
	wantAPIError(t, err, "ForbiddenException", http.StatusForbidden)

	var ids []string
	for pages := sso.NewListAccountsPaginator(portal, &sso.ListAccountsInput{AccessToken: tok.AccessToken}); pages.HasMorePages(); {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.AccountList {
			ids = append(ids, aws.ToString(a.AccountId))
		}
	}
	if want := []string{"100000000001", "100000000002", "100000000003"}; !slices.Equal(ids, want) {
		t.Errorf("accounts over every page = %q, want %q", ids, want)
	}
	var roles []string
	for pages := sso.NewListAccountRolesPaginator(portal, &sso.ListAccountRolesInput{AccessToken: tok.AccessToken,
		AccountId: aws.String("100000000003")}); pages.HasMorePages(); {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.RoleList {
			roles = append(roles, aws.ToString(r.RoleName))
		}
	}
	if want := []string{"Admin", "ReadOnly", "Billing"}; !slices.Equal(roles, want) {
		t.Errorf("roles over every page = %q, want %q", roles, want)
	}

	f.SSO.ExpireAccessTokens()
	_, err = portal.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: tok.AccessToken})
	var unauthorized *ssotypes.UnauthorizedException
	if !errors.As(err, &unauthorized) || unauthorized.ErrorMessage() == "" {
		t.Fatalf("expired access token: %v, want UnauthorizedException with a message", err)
	}
}
