package vault

import (
	"errors"
	"net/http"
	"testing"

	"github.com/aws/smithy-go"
)

func TestIAMPartitionEndpoint(t *testing.T) {
	for region, want := range map[string][2]string{
		"eu-west-1":      {"https://iam.amazonaws.com", "us-east-1"},
		"cn-northwest-1": {"https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"},
		"us-gov-east-1":  {"https://iam.us-gov.amazonaws.com", "us-gov-west-1"},
		"us-iso-east-1":  {"https://iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"},
		"us-isob-east-1": {"https://iam.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"},
	} {
		endpoint, signing := iamPartitionEndpoint(region)
		if endpoint != want[0] || signing != want[1] {
			t.Errorf("iamPartitionEndpoint(%s) = %s, %s; want %s, %s", region, endpoint, signing, want[0], want[1])
		}
	}
}

// An answer that is not IAM's error document (a proxy's HTML page) still becomes one API
// error naming the HTTP status, not an XML parse error.
func TestIAMErrorAnswer(t *testing.T) {
	var api smithy.APIError
	err := iamErrorAnswer(http.StatusBadGateway, []byte("<html>bad gateway</html>"))
	if !errors.As(err, &api) || api.ErrorCode() != "Bad Gateway" {
		t.Errorf("proxy page: %v", err)
	}
	err = iamErrorAnswer(http.StatusForbidden, []byte(`<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: x is not authorized</Message></Error></ErrorResponse>`))
	if !errors.As(err, &api) || api.ErrorCode() != "AccessDenied" || api.ErrorMessage() != "User: x is not authorized" {
		t.Errorf("iam error: %v", err)
	}
}

// A user that may not read itself is still named, with its account, by GetUser's refusal.
func TestIAMUserFromDenial(t *testing.T) {
	denied := iamErrorAnswer(http.StatusForbidden, []byte(`<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>`+
		`<Message>User: arn:aws:iam::123456789012:user/ops/bob is not authorized to perform: iam:GetUser on resource: user bob</Message></Error></ErrorResponse>`))
	arn := deniedUserARN(denied)
	if arn != "arn:aws:iam::123456789012:user/ops/bob" || userAccount(arn) != "123456789012" {
		t.Errorf("denied ARN = %q, account %q", arn, userAccount(arn))
	}
	if arn := deniedUserARN(errors.New("User: arn:aws:iam::123456789012:user/bob is not authorized")); arn != "" {
		t.Errorf("a plain error gave ARN %q", arn)
	}
	for arn, want := range map[string]string{
		"arn:aws-cn:iam::210987654321:user/x":        "210987654321",
		"arn:aws:sts::123456789012:assumed-role/r/s": "", // not IAM's user ARN
		"arn:aws:iam::12345:user/x":                  "",
		"":                                           "",
	} {
		if got := userAccount(arn); got != want {
			t.Errorf("userAccount(%q) = %q, want %q", arn, got, want)
		}
	}
}
