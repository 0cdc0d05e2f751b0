package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

// newTestEC2 is an EC2 handler with o, in eu-west-1 on a fake clock, over primed credentials.
func newTestEC2(t *testing.T, o EC2Options) (*EC2, *fakeaws.Clock) {
	t.Helper()
	src, _, clock := primed(t, time.Hour)
	o.Region, o.Now = "eu-west-1", clock.Now
	return NewEC2(src, o), clock
}

// token runs the PUT an SDK sends and returns the token.
func token(t *testing.T, h http.Handler, ttl string) string {
	t.Helper()
	w := do(h, request(http.MethodPut, imdsTokenPath, map[string]string{imdsTTLHeader: ttl}))
	if w.Code != http.StatusOK {
		t.Fatalf("token PUT: %d %s", w.Code, w.Body)
	}
	if got := w.Header().Get(imdsTTLHeader); got != ttl {
		t.Errorf("token TTL header %q, want %q", got, ttl)
	}
	return w.Body.String()
}

func TestEC2Refusals(t *testing.T) {
	t.Parallel()
	const creds = imdsCredentials + "/vaultbar"
	for _, tc := range []struct {
		name   string
		v2Only bool
		method string
		path   string
		header map[string]string
		status int
	}{
		{"ttl_missing", false, http.MethodPut, imdsTokenPath, nil, http.StatusBadRequest},
		{"ttl_zero", false, http.MethodPut, imdsTokenPath, map[string]string{imdsTTLHeader: "0"}, http.StatusBadRequest},
		{"ttl_too_long", false, http.MethodPut, imdsTokenPath, map[string]string{imdsTTLHeader: "21601"}, http.StatusBadRequest},
		{"ttl_not_a_number", false, http.MethodPut, imdsTokenPath, map[string]string{imdsTTLHeader: "six hours"}, http.StatusBadRequest},
		{"ttl_negative", false, http.MethodPut, imdsTokenPath, map[string]string{imdsTTLHeader: "-1"}, http.StatusBadRequest},
		{"token_put_forwarded", false, http.MethodPut, imdsTokenPath, map[string]string{imdsTTLHeader: "60", "X-Forwarded-For": "10.0.0.9"}, http.StatusForbidden},
		{"token_get", false, http.MethodGet, imdsTokenPath, map[string]string{imdsTTLHeader: "60"}, http.StatusMethodNotAllowed},
		{"credentials_post", false, http.MethodPost, creds, nil, http.StatusMethodNotAllowed},
		{"v2_only_without_token", true, http.MethodGet, creds, nil, http.StatusUnauthorized},
		{"v2_only_role_list_without_token", true, http.MethodGet, imdsCredentials + "/", nil, http.StatusUnauthorized},
		{"unknown_token", false, http.MethodGet, creds, map[string]string{"X-aws-ec2-metadata-token": "made-up"}, http.StatusUnauthorized},
		{"empty_token", false, http.MethodGet, creds, map[string]string{"X-aws-ec2-metadata-token": ""}, http.StatusUnauthorized},
		{"other_role", false, http.MethodGet, imdsCredentials + "/admin", nil, http.StatusNotFound},
		{"extended_credentials", false, http.MethodGet, "/latest/meta-data/iam/security-credentials-extended/", nil, http.StatusNotFound},
		{"unknown_path", false, http.MethodGet, "/latest/user-data", nil, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ec2, _ := newTestEC2(t, EC2Options{IMDSv2Only: tc.v2Only})
			w := do(ec2, request(tc.method, tc.path, tc.header))
			if w.Code != tc.status {
				t.Errorf("status %d, want %d: %s", w.Code, tc.status, w.Body)
			}
			if strings.Contains(w.Body.String(), "secret") {
				t.Errorf("body %q leaks credentials", w.Body)
			}
		})
	}
}

func TestEC2ExpiredToken(t *testing.T) {
	t.Parallel()
	ec2, clock := newTestEC2(t, EC2Options{})
	tok := token(t, ec2, "60")
	get := func() int {
		return do(ec2, request(http.MethodGet, imdsInstanceID, map[string]string{imdsTokenHeader: tok})).Code
	}
	clock.Advance(59 * time.Second)
	if code := get(); code != http.StatusOK {
		t.Fatalf("before expiry: %d", code)
	}
	clock.Advance(time.Second)
	if code := get(); code != http.StatusUnauthorized {
		t.Fatalf("at expiry: %d, want 401", code)
	}
}

// The token store is bounded, but never by dropping a valid token: past the cap a PUT is
// refused with 429 (SDKs then fall back to IMDSv1 for that request and ask again later) while
// every token issued keeps working; expired tokens make room again.
func TestEC2TokensAreBoundedWithoutEvicting(t *testing.T) {
	t.Parallel()
	ec2, clock := newTestEC2(t, EC2Options{})
	put := func() *httptest.ResponseRecorder {
		return do(ec2, request(http.MethodPut, imdsTokenPath, map[string]string{imdsTTLHeader: "21600"}))
	}
	works := func(tok string) bool {
		return do(ec2, request(http.MethodGet, imdsInstanceID, map[string]string{imdsTokenHeader: tok})).Code == http.StatusOK
	}
	first := token(t, ec2, "21600")
	clock.Advance(time.Second) // the others expire after the first, so "soonest to expire" is it
	issued := 1
	var refused *httptest.ResponseRecorder
	for range maxIMDSTokens + 100 {
		w := put()
		if w.Code != http.StatusOK {
			refused = w
			break
		}
		issued++
	}
	if refused == nil || refused.Code != http.StatusTooManyRequests || issued != maxIMDSTokens {
		t.Fatalf("issued %d tokens, then %v; want %d, then 429", issued, refused, maxIMDSTokens)
	}
	if refused.Header().Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	if !works(first) {
		t.Fatal("the first valid 6-hour token was dropped to make room")
	}
	// The first token expires half a second before the others: its place is free again.
	clock.Advance(6*time.Hour - 500*time.Millisecond)
	if works(first) {
		t.Fatal("an expired token still works")
	}
	if w := put(); w.Code != http.StatusOK {
		t.Fatalf("after a token expired: PUT %d %s, want 200", w.Code, w.Body)
	}
	if w := put(); w.Code != http.StatusTooManyRequests {
		t.Fatalf("full again: PUT %d, want 429", w.Code)
	}
}

func TestEC2Routes(t *testing.T) {
	t.Parallel()
	ec2, _ := newTestEC2(t, EC2Options{IMDSv2Only: true})
	auth := map[string]string{imdsTokenHeader: token(t, ec2, "21600")}
	for _, tc := range []struct {
		name string
		path string
		want string
	}{
		{"role_list", imdsCredentials + "/", "vaultbar"},
		{"role_list_no_slash", imdsCredentials, "vaultbar"},
		{"credentials", imdsCredentials + "/vaultbar", `{"Code":"Success","LastUpdated":"2026-03-01T12:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIAFAKE000000000001","SecretAccessKey":"secret-1","Token":"token-1","Expiration":"2026-03-01T13:00:00Z"}`},
		{"iam_info", imdsIAMInfo, `{"Code":"Success","LastUpdated":"2026-03-01T12:00:00Z","InstanceProfileArn":"arn:aws:iam:::instance-profile/vaultbar","InstanceProfileId":"AIPAVAULTBAR000000000"}`},
		{"instance_id", imdsInstanceID, "i-vaultbar"},
		{"region", imdsRegion, "eu-west-1"},
		{"availability_zone_botocore", imdsZone + "/", "eu-west-1a"},
		{"identity_document", imdsIdentityDocs, `{"availabilityZone":"eu-west-1a","instanceId":"i-vaultbar","region":"eu-west-1","version":"2017-09-30"}`},
		{"meta_data_listing", imdsMetaData + "/", "iam/\ninstance-id\nplacement/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := do(ec2, request(http.MethodGet, tc.path, auth))
			if w.Code != http.StatusOK || w.Body.String() != tc.want {
				t.Errorf("got %d\n%s\nwant 200\n%s", w.Code, w.Body, tc.want)
			}
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q", cc)
			}
		})
	}
}

// The real clients: aws-sdk-go-v2's imds client and ec2rolecreds provider, as
// AWS_EC2_METADATA_SERVICE_ENDPOINT configures them.
func TestEC2WithSDKClient(t *testing.T) {
	t.Parallel()
	want := aws.Credentials{
		AccessKeyID:     "ASIASDKIMDS000000001",
		SecretAccessKey: "imds/secret+value",
		SessionToken:    "imds-session-token",
		CanExpire:       true,
		// Under an hour: ec2rolecreds caps what it returns at one hour from now.
		Expires:   time.Now().Add(30 * time.Minute).Truncate(time.Second).UTC(),
		AccountID: "123456789012",
	}
	src := NewSource(func(context.Context) (aws.Credentials, error) { return want, nil }, SourceOptions{})
	defer src.Close()
	v2 := start(t, NewEC2(src, EC2Options{IMDSv2Only: true, Region: "eu-central-1"}))
	v1 := start(t, NewEC2(src, EC2Options{}))

	client := imds.New(imds.Options{Endpoint: v2.URL(), EnableFallback: aws.FalseTernary})
	got, err := ec2rolecreds.New(func(o *ec2rolecreds.Options) { o.Client = client }).Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got.AccessKeyID != want.AccessKeyID || got.SecretAccessKey != want.SecretAccessKey ||
		got.SessionToken != want.SessionToken || !got.Expires.Equal(want.Expires) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}

	region, err := client.GetRegion(context.Background(), nil)
	if err != nil || region.Region != "eu-central-1" {
		t.Errorf("region %+v, %v", region, err)
	}
	doc, err := client.GetInstanceIdentityDocument(context.Background(), nil)
	if err != nil || doc.AccountID != "123456789012" || doc.InstanceID != "i-vaultbar" {
		t.Errorf("identity document %+v, %v", doc, err)
	}
	info, err := client.GetIAMInfo(context.Background(), nil)
	if err != nil || !strings.HasSuffix(info.InstanceProfileArn, ":123456789012:instance-profile/vaultbar") {
		t.Errorf("iam info %+v, %v", info, err)
	}

	// IMDSv1: a plain GET, no token, where v1 is allowed.
	for _, tc := range []struct {
		name   string
		srv    *Server
		status int
	}{{"v1_allowed", v1, http.StatusOK}, {"v2_only", v2, http.StatusUnauthorized}} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Get(tc.srv.URL() + imdsCredentials + "/vaultbar")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			if tc.status != http.StatusOK {
				return
			}
			var c ec2Body
			if err := json.Unmarshal(body, &c); err != nil || c.AccessKeyID != want.AccessKeyID || c.Code != "Success" {
				t.Errorf("body %s (%v)", body, err)
			}
		})
	}
}
