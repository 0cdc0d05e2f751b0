package fakeaws_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

const (
	aliceKey    = "AKIAFAKEALICE0000001"
	aliceSecret = "alice-secret"
	mfaSerial   = "arn:aws:iam::111111111111:mfa/alice"
	mfaCode     = "123456"
	roleARN     = "arn:aws:iam::222222222222:role/admin"
	aliceARN    = "arn:aws:iam::111111111111:user/alice"
)

// start returns a fake with alice and her MFA device registered, on a fixed clock.
func start(t *testing.T) (*fakeaws.Fake, *fakeaws.Clock) {
	t.Helper()
	f := fakeaws.Start(t)
	clk := fakeaws.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	f.Now = clk.Now
	f.AddUser(aliceKey, aliceSecret, "alice")
	f.SetMFA(mfaSerial, mfaCode)
	return f, clk
}

// client is the real SDK client, pointed at the fake and signing with the given keys.
func client(f *fakeaws.Fake, akid, secret, token string) *sts.Client {
	return sts.NewFromConfig(config(akid, secret, token), func(o *sts.Options) {
		o.BaseEndpoint = aws.String(f.URL)
	})
}

func config(akid, secret, token string) aws.Config {
	return aws.Config{
		Region: "us-east-1",
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: akid, SecretAccessKey: secret, SessionToken: token}, nil
		}),
		RetryMaxAttempts: 1, // the fake's errors are the subject; retries would hide them
	}
}

func alice(f *fakeaws.Fake) *sts.Client { return client(f, aliceKey, aliceSecret, "") }

func sessionClient(f *fakeaws.Fake, c *types.Credentials) *sts.Client {
	return client(f, *c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
}

// wantAPIError checks the error code the SDK surfaces and the HTTP status behind it.
func wantAPIError(t *testing.T, err error, code string, status int) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want API error %s", err, code)
	}
	if apiErr.ErrorCode() != code {
		t.Errorf("code = %s (%s), want %s", apiErr.ErrorCode(), apiErr.ErrorMessage(), code)
	}
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) && respErr.HTTPStatusCode() != status {
		t.Errorf("status = %d, want %d", respErr.HTTPStatusCode(), status)
	}
}

func callerARN(t *testing.T, c *sts.Client) string {
	t.Helper()
	out, err := c.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	return *out.Arn
}

func TestGetSessionTokenWithMFA(t *testing.T) {
	f, clk := start(t)
	out, err := alice(f).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{
		SerialNumber: aws.String(mfaSerial), TokenCode: aws.String(mfaCode), DurationSeconds: aws.Int32(3600),
	})
	if err != nil {
		t.Fatalf("GetSessionToken: %v", err)
	}
	c := out.Credentials
	if !strings.HasPrefix(*c.AccessKeyId, fakeaws.IssuedKeyPrefix) ||
		!strings.Contains(*c.SecretAccessKey, fakeaws.SecretMarker) ||
		!strings.Contains(*c.SessionToken, fakeaws.TokenMarker) {
		t.Errorf("credentials = %s / %s / %s, want fake markers", *c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
	}
	if want := clk.Now().Add(time.Hour); !c.Expiration.Equal(want) {
		t.Errorf("expiration = %v, want %v", c.Expiration, want)
	}

	calls := f.CallsFor("GetSessionToken")
	if len(calls) != 1 {
		t.Fatalf("calls = %+v, want one GetSessionToken", calls)
	}
	got := calls[0]
	if got.AccessKeyID != aliceKey || got.SessionToken != "" || got.Params.Get("SerialNumber") != mfaSerial ||
		got.Params.Get("TokenCode") != mfaCode || got.Params.Get("DurationSeconds") != "3600" {
		t.Errorf("recorded %+v", got)
	}
	if arn := callerARN(t, sessionClient(f, c)); arn != aliceARN {
		t.Errorf("session caller = %s, want %s", arn, aliceARN)
	}
}

func TestGetSessionTokenRejectsWrongMFA(t *testing.T) {
	f, _ := start(t)
	for name, in := range map[string]*sts.GetSessionTokenInput{
		"wrong code":     {SerialNumber: aws.String(mfaSerial), TokenCode: aws.String("000000")},
		"no code":        {SerialNumber: aws.String(mfaSerial)},
		"unknown device": {SerialNumber: aws.String("arn:aws:iam::111111111111:mfa/bob"), TokenCode: aws.String(mfaCode)},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := alice(f).GetSessionToken(context.Background(), in)
			wantAPIError(t, err, "AccessDenied", http.StatusForbidden)
		})
	}
}

func TestGetSessionTokenDuration(t *testing.T) {
	f, clk := start(t)
	out, err := alice(f).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatalf("GetSessionToken: %v", err)
	}
	if want := clk.Now().Add(12 * time.Hour); !out.Credentials.Expiration.Equal(want) {
		t.Errorf("default expiration = %v, want %v", out.Credentials.Expiration, want)
	}
	for _, d := range []int32{899, 129601} {
		_, err := alice(f).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(d)})
		wantAPIError(t, err, "ValidationError", http.StatusBadRequest)
	}
	_, err = sessionClient(f, out.Credentials).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{})
	wantAPIError(t, err, "AccessDenied", http.StatusForbidden)
}

func TestAssumeRole(t *testing.T) {
	f, clk := start(t)
	f.RequireExternalID(roleARN, "ext-1")
	out, err := alice(f).AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn:           aws.String(roleARN),
		RoleSessionName:   aws.String("alice-session"),
		ExternalId:        aws.String("ext-1"),
		SourceIdentity:    aws.String("alice"),
		Tags:              []types.Tag{{Key: aws.String("team"), Value: aws.String("infra")}, {Key: aws.String("env"), Value: aws.String("dev")}},
		TransitiveTagKeys: []string{"team"},
	})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	wantARN := "arn:aws:sts::222222222222:assumed-role/admin/alice-session"
	if *out.AssumedRoleUser.Arn != wantARN || !strings.HasSuffix(*out.AssumedRoleUser.AssumedRoleId, ":alice-session") {
		t.Errorf("assumed role user = %s / %s", *out.AssumedRoleUser.Arn, *out.AssumedRoleUser.AssumedRoleId)
	}
	//lint:ignore SA1019 the fake answers PackedPolicySize as STS still does
	packed := out.PackedPolicySize
	if out.SourceIdentity == nil || *out.SourceIdentity != "alice" || packed == nil {
		t.Errorf("source identity = %v, packed policy size = %v", out.SourceIdentity, packed)
	}
	if want := clk.Now().Add(time.Hour); !out.Credentials.Expiration.Equal(want) {
		t.Errorf("default expiration = %v, want %v", out.Credentials.Expiration, want)
	}

	p := f.CallsFor("AssumeRole")[0].Params
	for k, want := range map[string]string{
		"RoleArn": roleARN, "RoleSessionName": "alice-session", "ExternalId": "ext-1", "SourceIdentity": "alice",
		"Tags.member.1.Key": "team", "Tags.member.1.Value": "infra", "Tags.member.2.Key": "env",
		"Tags.member.2.Value": "dev", "TransitiveTagKeys.member.1": "team",
	} {
		if got := p.Get(k); got != want {
			t.Errorf("recorded %s = %q, want %q", k, got, want)
		}
	}
	if arn := callerARN(t, sessionClient(f, out.Credentials)); arn != wantARN {
		t.Errorf("role caller = %s, want %s", arn, wantARN)
	}
}

func TestAssumeRoleExternalID(t *testing.T) {
	f, _ := start(t)
	f.RequireExternalID(roleARN, "ext-1")
	for _, id := range []*string{nil, aws.String("ext-2")} {
		_, err := alice(f).AssumeRole(context.Background(), &sts.AssumeRoleInput{
			RoleArn: aws.String(roleARN), RoleSessionName: aws.String("s1"), ExternalId: id,
		})
		wantAPIError(t, err, "AccessDenied", http.StatusForbidden)
	}
}

func TestAssumeRoleRequiresMFA(t *testing.T) {
	f, _ := start(t)
	f.RequireMFA(roleARN)
	ctx := context.Background()
	in := func() *sts.AssumeRoleInput {
		return &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("s1")}
	}

	_, err := alice(f).AssumeRole(ctx, in())
	wantAPIError(t, err, "AccessDenied", http.StatusForbidden)

	withMFA := in()
	withMFA.SerialNumber, withMFA.TokenCode = aws.String(mfaSerial), aws.String(mfaCode)
	if _, err := alice(f).AssumeRole(ctx, withMFA); err != nil {
		t.Errorf("AssumeRole with MFA: %v", err)
	}

	plain, err := alice(f).GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatalf("GetSessionToken: %v", err)
	}
	_, err = sessionClient(f, plain.Credentials).AssumeRole(ctx, in())
	wantAPIError(t, err, "AccessDenied", http.StatusForbidden)

	mfa, err := alice(f).GetSessionToken(ctx, &sts.GetSessionTokenInput{SerialNumber: aws.String(mfaSerial), TokenCode: aws.String(mfaCode)})
	if err != nil {
		t.Fatalf("GetSessionToken with MFA: %v", err)
	}
	if _, err := sessionClient(f, mfa.Credentials).AssumeRole(ctx, in()); err != nil {
		t.Errorf("AssumeRole from MFA session: %v", err)
	}
}

func TestAssumeRoleDuration(t *testing.T) {
	f, _ := start(t)
	ctx := context.Background()
	in := func(d int32) *sts.AssumeRoleInput {
		return &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("s1"), DurationSeconds: aws.Int32(d)}
	}
	for _, d := range []int32{899, 43201} {
		_, err := alice(f).AssumeRole(ctx, in(d))
		wantAPIError(t, err, "ValidationError", http.StatusBadRequest)
	}
	role, err := alice(f).AssumeRole(ctx, in(43200))
	if err != nil {
		t.Fatalf("AssumeRole for 12h: %v", err)
	}
	_, err = sessionClient(f, role.Credentials).AssumeRole(ctx, in(3601))
	wantAPIError(t, err, "ValidationError", http.StatusBadRequest)
	if err != nil && !strings.Contains(err.Error(), "role chaining") {
		t.Errorf("chaining error = %v", err)
	}
	if _, err := sessionClient(f, role.Credentials).AssumeRole(ctx, in(3600)); err != nil {
		t.Errorf("chained AssumeRole for 1h: %v", err)
	}
}

func TestAssumeRoleValidation(t *testing.T) {
	f, _ := start(t)
	for name, in := range map[string]*sts.AssumeRoleInput{
		"bad arn":       {RoleArn: aws.String("arn:aws:iam::1:user/x"), RoleSessionName: aws.String("s1")},
		"short session": {RoleArn: aws.String(roleARN), RoleSessionName: aws.String("s")},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := alice(f).AssumeRole(context.Background(), in)
			wantAPIError(t, err, "ValidationError", http.StatusBadRequest)
		})
	}
}
