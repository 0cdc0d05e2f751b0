package vault

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ssoAPI calls one of IAM Identity Center's two REST-JSON APIs: the OIDC service
// (oidc.REGION.amazonaws.com, oidcAPI) and the portal (portal.sso.REGION.amazonaws.com,
// portalAPI). It is written here rather than taken from the SDK's service/ssooidc and
// service/sso because their initialisers (operation schemas, endpoint tables) allocate 237 KB
// and 1,900 objects when any command starts, signing in or not. Neither API is SigV4-signed:
// the client secret or the bearer token travels in the request.
type ssoAPI struct {
	v        *Vault
	service  string // the SDK's service id, "SSO OIDC" or "SSO": its endpoint variable and --debug name
	endpoint string // https://oidc.REGION.amazonaws.com, or the AWS_ENDPOINT_URL_SSO_OIDC override
	region   string
	// retryer decides which failures are retried and after how long: the SDK's standard
	// retryer, as for STS. Tests take the backoff out.
	retryer func() aws.RetryerV2
}

// oidcAPI is IAM Identity Center's OIDC service: client registration and the device grant.
type oidcAPI struct{ ssoAPI }

// portalAPI is IAM Identity Center's portal: role credentials and the listings.
type portalAPI struct{ ssoAPI }

func (v *Vault) oidcClient(region string) *oidcAPI {
	return &oidcAPI{v.ssoAPI("SSO OIDC", "oidc.", region)}
}

func (v *Vault) portalClient(region string) *portalAPI {
	return &portalAPI{v.ssoAPI("SSO", "portal.sso.", region)}
}

func (v *Vault) ssoAPI(service, host, region string) ssoAPI {
	return ssoAPI{v: v, service: service, region: region,
		endpoint: cmp.Or(ServiceEndpoint(v.env, service), "https://"+host+region+"."+dnsSuffix(region)),
		retryer:  func() aws.RetryerV2 { return retry.NewStandard() }}
}

// dnsSuffix is the domain of region's partition, as the SDK's partition table has it.
func dnsSuffix(region string) string {
	for _, p := range [...]struct{ prefix, suffix string }{
		{"cn-", "amazonaws.com.cn"},
		{"us-isob-", "sc2s.sgov.gov"},
		{"us-isof-", "csp.hci.ic.gov"},
		{"us-iso-", "c2s.ic.gov"},
		{"eu-isoe-", "cloud.adc-e.uk"},
		{"eusc-", "amazonaws.eu"},
	} {
		if strings.HasPrefix(region, p.prefix) {
			return p.suffix
		}
	}
	return "amazonaws.com"
}

// validRegion is the SDK's check of a region before it becomes part of a host name, so that a
// sso_region such as "evil.example/x#" cannot send a token anywhere but to AWS.
func validRegion(region string) bool {
	for label := range strings.SplitSeq(region, ".") {
		if !smithyhttp.ValidHostLabel(label) || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
	}
	return region != ""
}

// ssoRequest is one operation: its name (for --debug), method, path and query, the bearer
// token of a portal call, and the JSON body of an OIDC call.
type ssoRequest struct {
	op, method, path string
	query            url.Values
	bearer           string
	body             any
}

// call makes one operation under the Vault's call limits, retrying as the SDK's standard
// retryer does (throttling, 5xx, a dropped connection: three attempts in all), and decodes
// its answer into out. An error answer becomes a smithy.APIError with the SDK's exception
// name, so ssoAPICode and ssoError read it as they read the SDK's.
func (c *ssoAPI) call(ctx context.Context, r ssoRequest, out any) (err error) {
	start := time.Now()
	defer func() { c.v.debugCall(c.service+" "+r.op, c.region, time.Since(start), err) }()
	if !validRegion(c.region) {
		return WithHint(fmt.Errorf("%w: sso_region %q is not a region name", ErrConfig, c.region),
			"set sso_region to the region of your iam identity center, such as eu-west-1")
	}
	var payload []byte
	if r.body != nil {
		if payload, err = json.Marshal(r.body); err != nil {
			return err
		}
	}
	callCtx, cancel := c.v.limits.Start(ctx)
	defer cancel()
	retryer := c.retryer()
	for attempt := 1; ; attempt++ {
		err = c.attempt(callCtx, r, payload, out)
		if err == nil || attempt >= retryer.MaxAttempts() || callCtx.Err() != nil || !retryer.IsErrorRetryable(err) {
			return c.v.limits.Explain(callCtx, err)
		}
		if _, quotaErr := retryer.GetRetryToken(callCtx, err); quotaErr != nil {
			return c.v.limits.Explain(callCtx, err)
		}
		delay, delayErr := retryer.RetryDelay(attempt, err)
		if delayErr != nil {
			return c.v.limits.Explain(callCtx, err)
		}
		if waitErr := realWait(callCtx, delay); waitErr != nil {
			return c.v.limits.Explain(callCtx, waitErr)
		}
	}
}

func (c *ssoAPI) attempt(ctx context.Context, r ssoRequest, payload []byte, out any) error {
	u := strings.TrimSuffix(c.endpoint, "/") + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return fmt.Errorf("%s endpoint %q: %w", strings.ToLower(c.service), c.endpoint, err)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.bearer != "" {
		req.Header.Set("x-amz-sso_bearer_token", r.bearer)
	}
	resp, err := c.v.httpClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, err := c.v.limits.ReadBody(resp.Body)
	if err == nil {
		err = readSSOAnswer(resp.StatusCode, resp.Header, answer, out)
	}
	if err != nil && resp.StatusCode/100 != 2 {
		return &ssoStatusError{Status: resp.StatusCode, Err: err}
	}
	return err
}
