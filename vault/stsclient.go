package vault

import (
	"cmp"
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/middleware"
)

// defaultSTSRegion is used when a profile names no region. aws-vault refuses to run then;
// STS's global endpoint lives in us-east-1, so this is what the user almost always meant.
const defaultSTSRegion = "us-east-1"

// STSEndpoint returns the endpoint override the SDK itself would honour:
// AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
func STSEndpoint(env Env) string {
	if env.Get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") == "true" {
		return ""
	}
	if u := env.Get("AWS_ENDPOINT_URL_STS"); u != "" {
		return u
	}
	return env.Get("AWS_ENDPOINT_URL")
}

// newHTTPClient is the SDK's own transport (HTTPS_PROXY, NO_PROXY and, through crypto/x509,
// SSL_CERT_FILE are honoured) with a dial timeout short enough that "network down" is
// reported in seconds rather than minutes.
func newHTTPClient() aws.HTTPClient {
	return awshttp.NewBuildableClient().
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = 5 * time.Second }).
		WithTransportOptions(func(t *http.Transport) { t.TLSHandshakeTimeout = 5 * time.Second })
}

// stsClient builds an STS client for one call signed by creds, in the profile's region.
// Endpoints resolve as the SDK resolves them: regional endpoints within the region's
// partition, or the global one where sts_regional_endpoints = legacy asks for it.
func (v *Vault) stsClient(p *Profile, creds aws.CredentialsProvider) *sts.Client {
	region := cmp.Or(p.Region, defaultSTSRegion)
	cfg := v.awsConfig(region, creds)
	if ep := STSEndpoint(v.env); ep != "" {
		cfg.BaseEndpoint = aws.String(ep)
	}
	return sts.NewFromConfig(cfg, func(o *sts.Options) {
		if strings.EqualFold(p.STSRegionalEndpoints, "legacy") {
			o.EndpointResolverV2 = legacySTSEndpoints{sts.NewDefaultEndpointResolverV2()}
		}
	})
}

// legacySTSEndpoints is sts_regional_endpoints = legacy (AWS_STS_REGIONAL_ENDPOINTS): the
// SDK's own rules with its UseGlobalEndpoint switch on, so the regions that had only the
// global endpoint before 2019 (us-east-1, us-east-2, us-west-1, us-west-2, eu-west-1/2/3,
// eu-central-1, eu-north-1, ap-northeast-1, ap-south-1, ap-southeast-1/2, ca-central-1,
// sa-east-1: aws-vault's list too) call https://sts.amazonaws.com, signed for us-east-1 as
// the SDKs sign it; every other region keeps its regional endpoint. An endpoint URL
// (AWS_ENDPOINT_URL_STS) still wins, as in the SDK.
type legacySTSEndpoints struct{ next sts.EndpointResolverV2 }

func (r legacySTSEndpoints) ResolveEndpoint(ctx context.Context, params sts.EndpointParameters) (smithyendpoints.Endpoint, error) {
	params.UseGlobalEndpoint = aws.Bool(true)
	return r.next.ResolveEndpoint(ctx, params)
}

// awsConfig is what every SDK client of the Vault is built from (STS today, IAM Identity
// Center and IAM when they come): the shared transport, and v.limits on every operation, so
// that no AWS call can go unbounded by being built some other way.
func (v *Vault) awsConfig(region string, creds aws.CredentialsProvider) aws.Config {
	return aws.Config{
		Region:      region,
		Credentials: aws.NewCredentialsCache(creds),
		HTTPClient:  v.httpClient, // capped by v.limits in New
		APIOptions:  []func(*middleware.Stack) error{v.limits.apiOption, v.debugCalls},
	}
}

// staticCreds adapts fixed credentials to the SDK's provider interface.
type staticCreds aws.Credentials

func (c staticCreds) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials(c), nil
}
