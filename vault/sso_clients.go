package vault

import "strings"

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
