package login

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

func TestConsoleURL(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Destination
		want string
	}{
		{"nothing", Destination{}, "https://console.aws.amazon.com/"},
		{"region", Destination{Region: "eu-west-1"}, "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1"},
		{"cn region", Destination{Region: "cn-north-1"}, "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1"},
		{"gov region", Destination{Region: "us-gov-west-1"}, "https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1"},
		{"eusc region", Destination{Region: "eusc-de-east-1"}, "https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1"},
		{"service", Destination{Region: "us-west-2", Service: "ec2"}, "https://us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2"},
		{"service case and space", Destination{Region: "us-west-2", Service: " Lambda "}, "https://us-west-2.console.aws.amazon.com/lambda/home?region=us-west-2"},
		{"alias", Destination{Region: "us-west-2", Service: "cfn"}, "https://us-west-2.console.aws.amazon.com/cloudformation/home?region=us-west-2"},
		{"service without region", Destination{Service: "s3"}, "https://console.aws.amazon.com/s3/home"},
		{"service with fragment", Destination{Region: "eu-west-1", Service: "logs"}, "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups"},
		{"global service ignores region", Destination{Region: "eu-west-1", Service: "iam"}, "https://console.aws.amazon.com/iam/home"},
		{"global service keeps partition", Destination{Region: "cn-north-1", Service: "iam"}, "https://console.amazonaws.cn/iam/home"},
		{"global r53", Destination{Region: "eu-west-1", Service: "r53"}, "https://console.aws.amazon.com/route53/v2/home"},
		{"global billing", Destination{Region: "eu-west-1", Service: "billing"}, "https://console.aws.amazon.com/billing/home"},
		{"global organizations", Destination{Region: "eu-west-1", Service: "organizations"}, "https://console.aws.amazon.com/organizations/v2/home"},
		{"global cloudfront", Destination{Region: "eu-west-1", Service: "cloudfront"}, "https://console.aws.amazon.com/cloudfront/v4/home"},
		{"path with fragment", Destination{Region: "eu-west-1", Path: "/ec2/home#Instances"}, "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances"},
		{"path without slash", Destination{Region: "eu-west-1", Path: "ec2/home"}, "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1"},
		{"path with query", Destination{Region: "eu-west-1", Path: "/s3/buckets/b?tab=objects"}, "https://eu-west-1.console.aws.amazon.com/s3/buckets/b?tab=objects&region=eu-west-1"},
		{"path keeps own region", Destination{Region: "eu-west-1", Path: "/ec2/home?region=us-east-1"}, "https://eu-west-1.console.aws.amazon.com/ec2/home?region=us-east-1"},
		{"path without region", Destination{Path: "/ec2/home#Instances"}, "https://console.aws.amazon.com/ec2/home#Instances"},
		{"gov path", Destination{Region: "us-gov-east-1", Path: "/ec2/home"}, "https://us-gov-east-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-east-1"},
		{"full url", Destination{Region: "eu-west-1", Path: "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:"}, "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:"},
		{"full url s3 host", Destination{Path: "https://s3.console.aws.amazon.com/s3/buckets/b"}, "https://s3.console.aws.amazon.com/s3/buckets/b"},
		{"full url apex", Destination{Path: "https://console.aws.amazon.com/iam/home"}, "https://console.aws.amazon.com/iam/home"},
		{"full url cn", Destination{Region: "cn-north-1", Path: "https://cn-north-1.console.amazonaws.cn/ec2/home"}, "https://cn-north-1.console.amazonaws.cn/ec2/home"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ConsoleURL(tc.d)
			if err != nil || got != tc.want {
				t.Fatalf("ConsoleURL(%+v) = %q, %v; want %q", tc.d, got, err, tc.want)
			}
		})
	}
}

func TestConsoleURLRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Destination
		want error
	}{
		{"other host", Destination{Path: "https://evil.example/ec2"}, ErrBadDestination},
		{"lookalike host", Destination{Path: "https://console.aws.amazon.com.evil.example/"}, ErrBadDestination},
		{"suffix without dot", Destination{Path: "https://evilconsole.aws.amazon.com/"}, ErrBadDestination},
		{"http", Destination{Path: "http://console.aws.amazon.com/"}, ErrBadDestination},
		{"userinfo", Destination{Path: "https://console.aws.amazon.com@evil.example/"}, ErrBadDestination},
		{"userinfo on console", Destination{Path: "https://x@console.aws.amazon.com/"}, ErrBadDestination},
		{"port", Destination{Path: "https://console.aws.amazon.com:8443/"}, ErrBadDestination},
		{"wrong partition", Destination{Region: "cn-north-1", Path: "https://console.aws.amazon.com/"}, ErrBadDestination},
		{"protocol relative", Destination{Region: "eu-west-1", Path: "//evil.example/x"}, ErrBadDestination},
		{"javascript", Destination{Path: "javascript://console.aws.amazon.com/%0aalert(1)"}, ErrBadDestination},
		{"backslash", Destination{Region: "eu-west-1", Path: "/\\evil.example"}, ErrBadDestination},
		{"control char", Destination{Region: "eu-west-1", Path: "/ec2/home\n"}, ErrBadDestination},
		{"bad region", Destination{Region: "evil.example/"}, ErrBadDestination},
		{"iso region", Destination{Region: "us-iso-east-1"}, ErrBadDestination},
		{"service and path", Destination{Service: "ec2", Path: "/ec2/home"}, ErrBadDestination},
		{"unknown service", Destination{Service: "ec3"}, ErrUnknownService},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ConsoleURL(tc.d)
			if !errors.Is(err, tc.want) {
				t.Fatalf("ConsoleURL(%+v) = %q, %v; want %v", tc.d, got, err, tc.want)
			}
			if vault.Hint(err) == "" {
				t.Errorf("error %q has no hint", err)
			}
			if msg := err.Error(); msg != strings.ToLower(msg[:1])+msg[1:] {
				t.Errorf("error %q does not start lowercase", msg)
			}
		})
	}
}

func TestConsoleURLRejectedURLIsRedacted(t *testing.T) {
	_, err := ConsoleURL(Destination{Path: "https://evil.example/x?SigninToken=secretstuff"})
	if err == nil || strings.Contains(err.Error(), "secretstuff") {
		t.Fatalf("error %v repeats the rejected url's query", err)
	}
}

func TestUnknownServiceHint(t *testing.T) {
	for _, tc := range []struct{ name, hintHas string }{
		{"ec3", "ec2"},
		{"lamda", "lambda"},
		{"dynamo", "dynamodb"},
		{"cloudfromation", "cloudformation"},
		{"zzzzzzzz", "known shortcuts: acm"},
	} {
		_, err := ConsoleURL(Destination{Region: "eu-west-1", Service: tc.name})
		if h := vault.Hint(err); !strings.Contains(h, tc.hintHas) {
			t.Errorf("service %q: hint %q, want it to mention %q", tc.name, h, tc.hintHas)
		}
	}
}

// Every shortcut and alias yields a well-formed console URL on the console domain.
func TestEveryServiceShortcut(t *testing.T) {
	if n := len(Services()); n < 30 {
		t.Fatalf("%d shortcuts, want at least 30", n)
	}
	for _, must := range []string{"ec2", "s3", "iam", "lambda", "cloudwatch", "cloudformation", "rds", "dynamodb", "ecs", "eks",
		"vpc", "route53", "cloudfront", "sns", "sqs", "kms", "secretsmanager", "ssm", "logs", "billing", "organizations"} {
		if _, ok := services[must]; !ok {
			t.Errorf("shortcut %q missing", must)
		}
	}
	names := Services()
	for alias, canon := range aliases {
		if _, ok := services[canon]; !ok {
			t.Errorf("alias %q points at unknown shortcut %q", alias, canon)
		}
		names = append(names, alias)
	}
	for _, name := range names {
		for _, region := range []string{"", "eu-west-1", "cn-north-1"} {
			raw, err := ConsoleURL(Destination{Region: region, Service: name})
			if err != nil {
				t.Fatalf("%s in %q: %v", name, region, err)
			}
			u, err := url.Parse(raw)
			if err != nil || u.Scheme != "https" || !strings.HasSuffix(u.Host, PartitionOf(region).ConsoleDomain) {
				t.Errorf("%s in %q: %s", name, region, raw)
			}
			s, _ := lookupService(name)
			if hasRegion := u.Query().Has("region"); hasRegion != (region != "" && !s.global) {
				t.Errorf("%s in %q: region parameter %v in %s", name, region, hasRegion, raw)
			}
		}
	}
}
