package vault

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
)

// ServiceEndpoint is the endpoint override the SDK itself honours for a service id ("SSO
// OIDC", "SSO", "STS"): AWS_ENDPOINT_URL_<ID> (upper case, spaces as underscores, so
// AWS_ENDPOINT_URL_SSO_OIDC), then AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
// is true. The AWS CLI and newer SDKs read the same variables.
func ServiceEndpoint(env Env, serviceID string) string {
	if env.Get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") == "true" {
		return ""
	}
	if u := env.Get("AWS_ENDPOINT_URL_" + strings.ToUpper(strings.ReplaceAll(serviceID, " ", "_"))); u != "" {
		return u
	}
	return env.Get("AWS_ENDPOINT_URL")
}

// ssoConfig is the Vault's SDK config for IAM Identity Center in region. Its operations are
// not SigV4-signed (the client secret or the bearer token travels in the request), so there
// are no credentials.
func (v *Vault) ssoConfig(region, serviceID string) aws.Config {
	cfg := v.awsConfig(region, aws.AnonymousCredentials{})
	cfg.Credentials = nil
	if ep := ServiceEndpoint(v.env, serviceID); ep != "" {
		cfg.BaseEndpoint = aws.String(ep)
	}
	return cfg
}

// oidcClient is IAM Identity Center's OIDC service (oidc.REGION.amazonaws.com).
func (v *Vault) oidcClient(region string) *ssooidc.Client {
	return ssooidc.NewFromConfig(v.ssoConfig(region, "SSO OIDC"))
}

// portalClient is IAM Identity Center's portal (portal.sso.REGION.amazonaws.com).
func (v *Vault) portalClient(region string) *sso.Client {
	return sso.NewFromConfig(v.ssoConfig(region, "SSO"))
}
