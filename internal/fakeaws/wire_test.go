package fakeaws_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// bodyRecorder is an SDK HTTP client that keeps a copy of every response body.
type bodyRecorder struct {
	mu     sync.Mutex
	bodies []string
}

func (b *bodyRecorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	b.mu.Lock()
	defer b.mu.Unlock()
	b.bodies = append(b.bodies, string(body))
	return resp, nil
}

func (b *bodyRecorder) last() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bodies[len(b.bodies)-1]
}

// TestWireFormat pins the XML to AWS's shape, element order included: clients other than
// the Go SDK (botocore, older SDKs) parse it too.
func TestWireFormat(t *testing.T) {
	f, _ := start(t)
	rec := &bodyRecorder{}
	cfg := config(aliceKey, aliceSecret, "")
	cfg.HTTPClient = rec
	c := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(f.URL) })
	ctx := context.Background()

	if _, err := c.GetSessionToken(ctx, &sts.GetSessionTokenInput{}); err != nil {
		t.Fatal(err)
	}
	wantBody(t, rec.last(), `^<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">`+
		`<GetSessionTokenResult><Credentials><AccessKeyId>ASIAFAKE000000000001</AccessKeyId>`+
		`<SecretAccessKey>fakesecret[0-9a-f]{30}</SecretAccessKey><SessionToken>faketoken[A-Za-z0-9+/=]+</SessionToken>`+
		`<Expiration>2026-03-01T21:00:00Z</Expiration></Credentials></GetSessionTokenResult>`+
		`<ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata></GetSessionTokenResponse>$`)

	if _, err := c.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("s1")}); err != nil {
		t.Fatal(err)
	}
	wantBody(t, rec.last(), `^<AssumeRoleResponse xmlns="[^"]+"><AssumeRoleResult>`+
		`<AssumedRoleUser><Arn>arn:aws:sts::222222222222:assumed-role/admin/s1</Arn><AssumedRoleId>AROA[0-9A-F]{17}:s1</AssumedRoleId></AssumedRoleUser>`+
		`<Credentials>.*</Credentials></AssumeRoleResult><ResponseMetadata>.*</ResponseMetadata></AssumeRoleResponse>$`)

	if _, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	wantBody(t, rec.last(), `<GetCallerIdentityResult><Arn>arn:aws:iam::111111111111:user/alice</Arn>`+
		`<UserId>AIDA[0-9A-F]{17}</UserId><Account>111111111111</Account></GetCallerIdentityResult>`)

	_, err := c.GetSessionToken(ctx, &sts.GetSessionTokenInput{SerialNumber: aws.String(mfaSerial), TokenCode: aws.String("1")})
	wantAPIError(t, err, "AccessDenied", http.StatusForbidden)
	wantBody(t, rec.last(), `^<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>`+
		`<Code>AccessDenied</Code><Message>MultiFactorAuthentication failed with invalid MFA one time pass code.</Message></Error>`+
		`<RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`)
}

func wantBody(t *testing.T, body, pattern string) {
	t.Helper()
	if !regexp.MustCompile(pattern).MatchString(body) {
		t.Errorf("body\n%s\ndoes not match\n%s", body, pattern)
	}
}

func TestUnsignedAndUnknownRequests(t *testing.T) {
	f, _ := start(t)
	post := func(form string) (int, string) {
		t.Helper()
		resp, err := http.Post(f.URL, "application/x-www-form-urlencoded", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if status, body := post("Action=GetCallerIdentity&Version=2011-06-15"); status != http.StatusForbidden ||
		!strings.Contains(body, "<Code>MissingAuthenticationToken</Code>") {
		t.Errorf("unsigned: %d %s", status, body)
	}
	if calls := f.Calls(); len(calls) != 1 || calls[0].AccessKeyID != "" {
		t.Errorf("unsigned call recorded as %+v", calls)
	}

	// Injected faults come before authentication, so even an unsigned call gets them.
	f.FailNext("", "InternalFailure", "boom", http.StatusInternalServerError)
	if status, body := post("Action=Nope&Version=2011-06-15"); status != http.StatusInternalServerError ||
		!strings.Contains(body, "<Type>Receiver</Type>") {
		t.Errorf("5xx fault: %d %s", status, body)
	}
}
