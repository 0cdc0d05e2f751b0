package fakeaws_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

// iamClient is the real SDK's IAM client, pointed at the fake and signing with the given keys.
func iamClient(f *fakeaws.Fake, akid, secret, token string) *iam.Client {
	return iam.NewFromConfig(config(akid, secret, token), func(o *iam.Options) {
		o.BaseEndpoint = aws.String(f.IAMURL)
	})
}

func TestIAMRotationByHand(t *testing.T) {
	t.Parallel()
	f, clk := start(t)
	ctx := context.Background()
	c := iamClient(f, aliceKey, aliceSecret, "")

	user, err := c.GetUser(ctx, &iam.GetUserInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(user.User.UserName) != "alice" || aws.ToString(user.User.Arn) != aliceARN {
		t.Fatalf("GetUser = %s %s", aws.ToString(user.User.UserName), aws.ToString(user.User.Arn))
	}
	listed, err := c.ListAccessKeys(ctx, &iam.ListAccessKeysInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(listed.AccessKeyMetadata) != 1 || aws.ToString(listed.AccessKeyMetadata[0].AccessKeyId) != aliceKey ||
		!aws.ToTime(listed.AccessKeyMetadata[0].CreateDate).Equal(clk.Now()) {
		t.Fatalf("ListAccessKeys = %+v, want alice's one key created now", listed.AccessKeyMetadata)
	}

	clk.Advance(time.Hour)
	created, err := c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	newID, newSecret := aws.ToString(created.AccessKey.AccessKeyId), aws.ToString(created.AccessKey.SecretAccessKey)
	if !strings.HasPrefix(newID, "AKIA") || !strings.Contains(newSecret, fakeaws.SecretMarker) {
		t.Fatalf("CreateAccessKey = %s", newID)
	}
	id, err := client(f, newID, newSecret, "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("the new key against STS: %v", err)
	}
	if aws.ToString(id.Arn) != aliceARN {
		t.Fatalf("new key is %s", aws.ToString(id.Arn))
	}
	if keys := f.IAM.Keys("alice"); len(keys) != 2 || keys[1].ID != newID || !keys[1].Created.Equal(clk.Now()) {
		t.Fatalf("keys = %+v", keys)
	}
	_, err = c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{})
	wantAPIError(t, err, "LimitExceeded", http.StatusConflict)

	fresh := iamClient(f, newID, newSecret, "")
	if _, err := fresh.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: aws.String(aliceKey)}); err != nil {
		t.Fatal(err)
	}
	_, err = alice(f).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "InvalidClientTokenId", http.StatusForbidden)
	_, err = fresh.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: aws.String(aliceKey)})
	wantAPIError(t, err, "NoSuchEntity", http.StatusNotFound)
	if got := len(f.CallsFor("CreateAccessKey")); got != 2 {
		t.Fatalf("recorded %d CreateAccessKey calls, want 2", got)
	}
}

func TestIAMNewKeyIsRefusedUntilItPropagates(t *testing.T) {
	t.Parallel()
	f, _ := start(t)
	ctx := context.Background()
	f.IAM.SetPropagation(2)
	created, err := iamClient(f, aliceKey, aliceSecret, "").CreateAccessKey(ctx, &iam.CreateAccessKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	c := client(f, aws.ToString(created.AccessKey.AccessKeyId), aws.ToString(created.AccessKey.SecretAccessKey), "")
	for range 2 {
		_, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		wantAPIError(t, err, "InvalidClientTokenId", http.StatusForbidden)
	}
	if _, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("third use of the new key: %v", err)
	}
	// Keys that existed before are not affected.
	if _, err := alice(f).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
}

func TestIAMRefusesWhatAWSRefuses(t *testing.T) {
	t.Parallel()
	f, _ := start(t)
	ctx := context.Background()
	f.IAM.RequireMFA("alice")

	plain, err := alice(f).GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = iamClient(f, *plain.Credentials.AccessKeyId, *plain.Credentials.SecretAccessKey, *plain.Credentials.SessionToken).
		GetUser(ctx, &iam.GetUserInput{})
	wantAPIError(t, err, "InvalidClientTokenId", http.StatusForbidden)

	keys := iamClient(f, aliceKey, aliceSecret, "")
	if _, err := keys.GetUser(ctx, &iam.GetUserInput{}); err != nil {
		t.Fatalf("GetUser is allowed without MFA: %v", err)
	}
	_, err = keys.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{})
	wantAPIError(t, err, "AccessDenied", http.StatusForbidden)
	if !strings.Contains(err.Error(), "User: "+aliceARN+" is not authorized to perform: iam:CreateAccessKey") {
		t.Fatalf("denial names neither user nor action: %v", err)
	}

	withMFA, err := alice(f).GetSessionToken(ctx, &sts.GetSessionTokenInput{SerialNumber: aws.String(mfaSerial), TokenCode: aws.String(mfaCode)})
	if err != nil {
		t.Fatal(err)
	}
	session := iamClient(f, *withMFA.Credentials.AccessKeyId, *withMFA.Credentials.SecretAccessKey, *withMFA.Credentials.SessionToken)
	if _, err := session.ListAccessKeys(ctx, &iam.ListAccessKeysInput{}); err != nil {
		t.Fatalf("an MFA session may list keys: %v", err)
	}

	role, err := alice(f).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("rotate")})
	if err != nil {
		t.Fatal(err)
	}
	rc := iamClient(f, *role.Credentials.AccessKeyId, *role.Credentials.SecretAccessKey, *role.Credentials.SessionToken)
	_, err = rc.GetUser(ctx, &iam.GetUserInput{})
	wantAPIError(t, err, "ValidationError", http.StatusBadRequest)
	if _, err := rc.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("alice")}); err != nil {
		t.Fatalf("a role naming the user: %v", err)
	}

	_, err = iamClient(f, aliceKey, "wrong-secret", "").GetUser(ctx, &iam.GetUserInput{})
	wantAPIError(t, err, "SignatureDoesNotMatch", http.StatusForbidden)
	_, err = keys.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("bob")})
	wantAPIError(t, err, "AccessDenied", http.StatusForbidden)
}

func TestIAMInjectedFaultLeavesKeysAlone(t *testing.T) {
	t.Parallel()
	f, _ := start(t)
	ctx := context.Background()
	f.FailNext("DeleteAccessKey", "ServiceFailure", "try later", http.StatusInternalServerError)
	c := iamClient(f, aliceKey, aliceSecret, "")
	_, err := c.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: aws.String(aliceKey)})
	wantAPIError(t, err, "ServiceFailure", http.StatusInternalServerError)
	if _, err := alice(f).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("the key a failed delete named stopped working: %v", err)
	}
}
