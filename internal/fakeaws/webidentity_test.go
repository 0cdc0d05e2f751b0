package fakeaws_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestAssumeRoleWithWebIdentityIsUnsignedAndTrustsRegisteredTokens(t *testing.T) {
	f, _ := start(t)
	f.TrustWebIdentityToken("good.jwt.token", "system:serviceaccount:ci:deployer")
	// The SDK sends this call unsigned: a client with no credentials at all must work.
	c := sts.NewFromConfig(aws.Config{Region: "us-east-1", RetryMaxAttempts: 1}, func(o *sts.Options) {
		o.BaseEndpoint = aws.String(f.URL)
	})
	in := func(token string) *sts.AssumeRoleWithWebIdentityInput {
		return &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("ci-run"),
			WebIdentityToken: aws.String(token), DurationSeconds: aws.Int32(900)}
	}
	out, err := c.AssumeRoleWithWebIdentity(context.Background(), in("good.jwt.token"))
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.SubjectFromWebIdentityToken) != "system:serviceaccount:ci:deployer" ||
		!strings.HasSuffix(aws.ToString(out.AssumedRoleUser.Arn), ":assumed-role/admin/ci-run") {
		t.Errorf("answer = subject %q arn %q", aws.ToString(out.SubjectFromWebIdentityToken), aws.ToString(out.AssumedRoleUser.Arn))
	}
	// The credentials it issued work like an assumed role's.
	if got := callerARN(t, sessionClient(f, out.Credentials)); !strings.HasSuffix(got, ":assumed-role/admin/ci-run") {
		t.Errorf("caller = %s", got)
	}
	_, err = c.AssumeRoleWithWebIdentity(context.Background(), in("forged.jwt.token"))
	wantAPIError(t, err, "InvalidIdentityToken", http.StatusBadRequest)
	if got := f.WebIdentityTokens(); !slices.Equal(got, []string{"good.jwt.token", "forged.jwt.token"}) {
		t.Errorf("recorded tokens = %q", got)
	}
}
