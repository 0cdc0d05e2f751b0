package login

import (
	"errors"
	"net/url"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

func TestLoginURL(t *testing.T) {
	dest := "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:state=running"
	token := "tok+en/with=special&chars"
	got := LoginURL("https://eu-west-1.signin.aws.amazon.com/federation", "vaultbar app", dest, token)
	want := "https://eu-west-1.signin.aws.amazon.com/federation?Action=login&Issuer=vaultbar+app" +
		"&Destination=https%3A%2F%2Feu-west-1.console.aws.amazon.com%2Fec2%2Fhome%3Fregion%3Deu-west-1%23Instances%3Astate%3Drunning" +
		"&SigninToken=tok%2Ben%2Fwith%3Dspecial%26chars"
	if got != want {
		t.Fatalf("LoginURL =\n%s\nwant\n%s", got, want)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("Action") != "login" || q.Get("Issuer") != "vaultbar app" || q.Get("Destination") != dest || q.Get("SigninToken") != token || len(q) != 4 {
		t.Fatalf("LoginURL does not round-trip: %v", q)
	}
}

func TestLogoutURL(t *testing.T) {
	next := LoginURL("https://signin.aws.amazon.com/federation", "vaultbar", "https://console.aws.amazon.com/", "a&b")
	for _, tc := range []struct{ region, prefix string }{
		{"", "https://us-east-1.signin.aws.amazon.com/oauth?Action=logout&redirect_uri="},
		{"eu-west-1", "https://us-east-1.signin.aws.amazon.com/oauth?Action=logout&redirect_uri="},
		{"cn-north-1", "https://signin.amazonaws.cn/oauth?Action=logout&redirect_uri="},
		{"us-gov-west-1", "https://signin.amazonaws-us-gov.com/oauth?Action=logout&redirect_uri="},
		{"eusc-de-east-1", "https://signin.amazonaws-eusc.eu/oauth?Action=logout&redirect_uri="},
	} {
		got := LogoutURL(tc.region, next)
		if got != tc.prefix+url.QueryEscape(next) {
			t.Errorf("LogoutURL(%q) = %s", tc.region, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Query().Get("redirect_uri") != next || len(u.Query()) != 2 {
			t.Errorf("LogoutURL(%q) does not round-trip the login url: %v", tc.region, err)
		}
	}
	if got, want := LogoutURLAt("http://127.0.0.1:9/federation", "x&y"), "http://127.0.0.1:9/oauth?Action=logout&redirect_uri=x%26y"; got != want {
		t.Errorf("LogoutURLAt = %s, want %s", got, want)
	}
}

func TestResolveEndpoint(t *testing.T) {
	for _, tc := range []struct{ region, override, want string }{
		{"eu-west-1", "", "https://eu-west-1.signin.aws.amazon.com/federation"},
		{"eu-west-1", "http://127.0.0.1:1234", "http://127.0.0.1:1234/federation"},
		{"eu-west-1", "http://127.0.0.1:1234/", "http://127.0.0.1:1234/federation"},
		{"", "http://localhost:8080", "http://localhost:8080/federation"},
		{"", "http://[::1]:8080", "http://[::1]:8080/federation"},
		{"", "https://signin.example.internal", "https://signin.example.internal/federation"},
	} {
		got, err := ResolveEndpoint(tc.region, tc.override)
		if err != nil || got != tc.want {
			t.Errorf("ResolveEndpoint(%q, %q) = %s, %v; want %s", tc.region, tc.override, got, err, tc.want)
		}
	}
	for _, bad := range []string{"127.0.0.1:1234", "ftp://127.0.0.1", "http://example.com", "https://u:p@example.com",
		"https://example.com/path", "https://example.com?x=1", "https://", "::"} {
		if got, err := ResolveEndpoint("", bad); !errors.Is(err, ErrBadEndpoint) || vault.Hint(err) == "" {
			t.Errorf("ResolveEndpoint(%q) = %s, %v; want ErrBadEndpoint with a hint", bad, got, err)
		}
	}
}

func TestSigninEndpointFromEnv(t *testing.T) {
	if got := SigninEndpointFromEnv(vault.Env{"VAULTBAR_SIGNIN_ENDPOINT": " http://127.0.0.1:5 "}); got != "http://127.0.0.1:5" {
		t.Errorf("got %q", got)
	}
	if got := SigninEndpointFromEnv(vault.Env{}); got != "" {
		t.Errorf("got %q", got)
	}
}

func TestSessionDurationAllowed(t *testing.T) {
	want := map[CredentialKind]bool{RoleFromLongTermKeys: true, RoleFromSession: false, FederationToken: false, SSORole: false}
	for kind, allowed := range want {
		if SessionDurationAllowed(kind) != allowed {
			t.Errorf("SessionDurationAllowed(%d) = %v", kind, !allowed)
		}
		o := SigninOptions{SessionDuration: MaxSessionDuration}.ForKind(kind)
		if (o.SessionDuration != 0) != allowed {
			t.Errorf("ForKind(%d) kept SessionDuration %s", kind, o.SessionDuration)
		}
	}
}
