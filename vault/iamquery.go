package vault

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go"
)

// iamClient calls the four IAM actions rotate needs over IAM's Query protocol (a signed form
// POST, an XML answer). It is written here rather than taken from the SDK's service/iam
// because that package's initialisers allocate 700 KB and 4,300 objects when any command
// starts, rotate or not: half of a cached `vaultbar env`'s start-up over aws-vault's.
type iamClient struct {
	v        *Vault
	creds    aws.Credentials
	endpoint string // https://iam.amazonaws.com, or the AWS_ENDPOINT_URL_IAM override
	region   string // the signing region of the partition's one IAM endpoint
}

// iamClient signs with creds and calls the IAM endpoint of p's partition: IAM is global, with
// one endpoint per partition, whatever the profile's region.
func (v *Vault) iamClient(p *Profile, creds aws.Credentials) *iamClient {
	endpoint, region := iamPartitionEndpoint(cmp.Or(p.Region, defaultSTSRegion))
	return &iamClient{v: v, creds: creds, endpoint: cmp.Or(IAMEndpoint(v.env), endpoint), region: region}
}

// iamPartitionEndpoint is the IAM endpoint of region's partition and the region it signs for.
func iamPartitionEndpoint(region string) (endpoint, signingRegion string) {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"
	case strings.HasPrefix(region, "us-gov-"):
		return "https://iam.us-gov.amazonaws.com", "us-gov-west-1"
	case strings.HasPrefix(region, "us-isob-"):
		return "https://iam.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"
	case strings.HasPrefix(region, "us-iso-"):
		return "https://iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"
	}
	return "https://iam.amazonaws.com", "us-east-1"
}

// iamAccessKey is an <AccessKey> or <member> of AccessKeyMetadata in IAM's answers.
type iamAccessKey struct {
	AccessKeyID     string    `xml:"AccessKeyId"`
	SecretAccessKey string    `xml:"SecretAccessKey"`
	CreateDate      time.Time `xml:"CreateDate"`
}

// GetUser returns the caller's user name and ARN (arn:aws:iam::ACCOUNT:user/NAME).
func (c *iamClient) GetUser(ctx context.Context) (userName, arn string, err error) {
	var out struct {
		UserName string `xml:"GetUserResult>User>UserName"`
		Arn      string `xml:"GetUserResult>User>Arn"`
	}
	err = c.call(ctx, "GetUser", url.Values{}, &out)
	return out.UserName, out.Arn, err
}

// ListAccessKeys returns every key of user, following IAM's pages.
func (c *iamClient) ListAccessKeys(ctx context.Context, user string) ([]iamAccessKey, error) {
	var keys []iamAccessKey
	params := url.Values{"UserName": {user}}
	for {
		var out struct {
			Keys        []iamAccessKey `xml:"ListAccessKeysResult>AccessKeyMetadata>member"`
			IsTruncated bool           `xml:"ListAccessKeysResult>IsTruncated"`
			Marker      string         `xml:"ListAccessKeysResult>Marker"`
		}
		if err := c.call(ctx, "ListAccessKeys", params, &out); err != nil {
			return nil, err
		}
		keys = append(keys, out.Keys...)
		if !out.IsTruncated || out.Marker == "" {
			return keys, nil
		}
		params.Set("Marker", out.Marker)
	}
}

func (c *iamClient) CreateAccessKey(ctx context.Context, user string) (iamAccessKey, error) {
	var out struct {
		Key iamAccessKey `xml:"CreateAccessKeyResult>AccessKey"`
	}
	err := c.call(ctx, "CreateAccessKey", url.Values{"UserName": {user}}, &out)
	if err == nil && (out.Key.AccessKeyID == "" || out.Key.SecretAccessKey == "") {
		err = fmt.Errorf("iam's answer to CreateAccessKey has no access key")
	}
	return out.Key, err
}

func (c *iamClient) DeleteAccessKey(ctx context.Context, user, keyID string) error {
	return c.call(ctx, "DeleteAccessKey", url.Values{"UserName": {user}, "AccessKeyId": {keyID}}, nil)
}

// call makes one IAM action under the Vault's call limits and decodes its answer into out.
// An error answer becomes a smithy.APIError, as the SDK's would, so iamError and isAPIError
// read it the same way.
func (c *iamClient) call(ctx context.Context, action string, params url.Values, out any) (err error) {
	start := time.Now()
	defer func() { c.v.debugCall("IAM "+action, c.region, time.Since(start), err) }()
	callCtx, cancel := c.v.limits.Start(ctx)
	defer cancel()
	body, status, err := c.send(callCtx, action, params)
	if err = c.v.limits.Explain(callCtx, err); err != nil {
		return err
	}
	if status != http.StatusOK {
		return iamErrorAnswer(status, body)
	}
	if out == nil {
		return nil
	}
	if err := xml.Unmarshal(body, out); err != nil {
		return fmt.Errorf("read iam's answer to %s: %w", action, err)
	}
	return nil
}

func (c *iamClient) send(ctx context.Context, action string, params url.Values) ([]byte, int, error) {
	form := url.Values{"Action": {action}, "Version": {"2010-05-08"}}
	for k, v := range params {
		form[k] = v
	}
	payload := form.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(c.endpoint, "/")+"/", strings.NewReader(payload))
	if err != nil {
		return nil, 0, fmt.Errorf("iam endpoint %q: %w", c.endpoint, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	hash := sha256.Sum256([]byte(payload))
	if err := v4.NewSigner().SignHTTP(ctx, c.creds, req, hex.EncodeToString(hash[:]), "iam", c.region, time.Now()); err != nil {
		return nil, 0, fmt.Errorf("sign the iam request: %w", err)
	}
	resp, err := c.v.httpClient.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := c.v.limits.ReadBody(resp.Body)
	return body, resp.StatusCode, err
}

// iamErrorAnswer reads IAM's <ErrorResponse><Error><Code>…</Code><Message>…</Message>.
func iamErrorAnswer(status int, body []byte) error {
	var answer struct {
		Code    string `xml:"Error>Code"`
		Message string `xml:"Error>Message"`
	}
	if xml.Unmarshal(body, &answer) != nil || answer.Code == "" {
		return &smithy.GenericAPIError{Code: http.StatusText(status), Message: fmt.Sprintf("http status %d", status)}
	}
	return &smithy.GenericAPIError{Code: answer.Code, Message: answer.Message}
}
