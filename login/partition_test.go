package login

import "testing"

func TestPartitionOf(t *testing.T) {
	for _, tc := range []struct{ region, id, signin, console string }{
		{"", "aws", "signin.aws.amazon.com", "console.aws.amazon.com"},
		{"us-east-1", "aws", "signin.aws.amazon.com", "console.aws.amazon.com"},
		{"eu-west-3", "aws", "signin.aws.amazon.com", "console.aws.amazon.com"},
		{"cn-north-1", "aws-cn", "signin.amazonaws.cn", "console.amazonaws.cn"},
		{"cn-northwest-1", "aws-cn", "signin.amazonaws.cn", "console.amazonaws.cn"},
		{"us-gov-west-1", "aws-us-gov", "signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com"},
		{"us-gov-east-1", "aws-us-gov", "signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com"},
		{"eusc-de-east-1", "aws-eusc", "signin.amazonaws-eusc.eu", "console.amazonaws-eusc.eu"},
		{"usgov-west-1", "aws", "signin.aws.amazon.com", "console.aws.amazon.com"}, // not the us-gov- prefix
	} {
		p := PartitionOf(tc.region)
		if p.ID != tc.id || p.SigninDomain != tc.signin || p.ConsoleDomain != tc.console {
			t.Errorf("PartitionOf(%q) = %+v, want %s %s %s", tc.region, p, tc.id, tc.signin, tc.console)
		}
	}
}

func TestFederationEndpoint(t *testing.T) {
	for _, tc := range []struct{ region, want string }{
		{"", "https://signin.aws.amazon.com/federation"},
		{"us-east-1", "https://signin.aws.amazon.com/federation"}, // us-east-1's endpoint is the global host
		{"us-east-2", "https://us-east-2.signin.aws.amazon.com/federation"},
		{"eu-central-1", "https://eu-central-1.signin.aws.amazon.com/federation"},
		{"ap-southeast-5", "https://ap-southeast-5.signin.aws.amazon.com/federation"},
		{"cn-north-1", "https://signin.amazonaws.cn/federation"},
		{"us-gov-west-1", "https://signin.amazonaws-us-gov.com/federation"},
		{"eusc-de-east-1", "https://signin.amazonaws-eusc.eu/federation"},
		// Malformed regions never reach the host name.
		{"evil.com/x", "https://signin.aws.amazon.com/federation"},
		{"EU-WEST-1", "https://signin.aws.amazon.com/federation"},
		{"eu--west-1", "https://signin.aws.amazon.com/federation"},
		{"eu-west-1-", "https://signin.aws.amazon.com/federation"},
		{"1eu-west-1", "https://signin.aws.amazon.com/federation"},
		{"eu-west-1@x", "https://signin.aws.amazon.com/federation"},
	} {
		if got := FederationEndpoint(tc.region); got != tc.want {
			t.Errorf("FederationEndpoint(%q) = %s, want %s", tc.region, got, tc.want)
		}
	}
}
