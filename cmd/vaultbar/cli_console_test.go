package main

import (
	"net/url"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/login"
)

const bobKeys = "AKIABOB0000000000001"

// consoleCLI is a cli with roles, an IAM user, and the sign-in fake as the endpoint.
func consoleCLI(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t, aliceConfig+`
[profile admin]
source_profile = alice
role_arn = arn:aws:iam::222222222222:role/admin
mfa_serial = `+aliceMFA+`
region = eu-west-1

[profile admin-long]
source_profile = alice
role_arn = arn:aws:iam::222222222222:role/admin
mfa_serial = `+aliceMFA+`
duration_seconds = 7200
vaultbar_console_duration = 8h
region = us-gov-west-1
`)
	c.addAlice()
	c.env[login.EnvSigninEndpoint] = c.fake.SigninURL
	return c
}

func TestConsoleStdout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		profile  string
		args     []string
		duration string // SessionDuration sent, "" for none
		dest     string
	}{
		{"alice", nil, "", "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1"},
		{"admin", []string{"--service=ec2"}, "", "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1"},
		{"admin-long", []string{"--service=iam"}, "28800", "https://console.amazonaws-us-gov.com/iam/home"},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			t.Parallel()
			c := consoleCLI(t)
			out := c.ok(append([]string{"console", tt.profile, "--stdout", "--mfa-token=" + goodCode}, tt.args...)...)
			u, err := url.Parse(strings.TrimSpace(out))
			if err != nil || u.Query().Get("Action") != "login" || u.Query().Get("Issuer") != "vaultbar" ||
				!strings.Contains(u.Query().Get("SigninToken"), fakeaws.SigninTokenMarker) {
				t.Fatalf("--stdout printed %q, want a login URL", out)
			}
			if got := u.Query().Get("Destination"); !strings.HasPrefix(got, tt.dest) {
				t.Errorf("Destination = %q, want %q", got, tt.dest)
			}
			calls := c.fake.Signin.Calls()
			if len(calls) != 1 || calls[0].Params.Get("SessionDuration") != tt.duration {
				t.Errorf("getSigninToken calls %+v, want one with SessionDuration %q", calls, tt.duration)
			}
			if gst := c.fake.STS.CallsFor("GetSessionToken"); tt.profile == "alice" && len(gst) != 0 {
				t.Errorf("an IAM user's console used GetSessionToken; AWS refuses those sessions")
			}
		})
	}
}

func TestConsoleErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(c *cli)
		args  []string
		want  string
	}{
		{"unknown_browser", nil, []string{"--browser=netscape"}, "unknown browser"},
		{"browser_not_installed", func(c *cli) { c.env["PATH"] = c.dir }, []string{"--browser=firefox"}, "not installed"},
		{"signin_4xx", func(c *cli) { c.fake.Signin.Fail(400) }, []string{"--stdout"}, "sign-in"},
		{"signin_5xx", func(c *cli) { c.fake.Signin.Fail(503) }, []string{"--stdout"}, "sign-in"},
		{"expired_token", func(c *cli) {
			c.fake.STS.FailNext("AssumeRole", "ExpiredToken", "The security token included in the request is expired", 403)
		}, []string{"--stdout"}, "expired"},
		{"unknown_service", nil, []string{"--stdout", "--service=ec3"}, "ec3"},
		{"foreign_path", nil, []string{"--stdout", "--path=https://evil.example/"}, "evil.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := consoleCLI(t)
			if tt.setup != nil {
				tt.setup(c)
			}
			r := c.run("", append([]string{"console", "admin", "--mfa-token=" + goodCode}, tt.args...)...)
			lines := strings.Split(strings.TrimSpace(r.err), "\n")
			if r.code != 1 || len(lines) != 1 || !strings.Contains(lines[0], tt.want) || !strings.Contains(lines[0], "(hint: ") {
				t.Errorf("exit %d, stderr %q; want 1 and one line mentioning %q with a hint", r.code, r.err, tt.want)
			}
			if strings.Contains(tt.name, "browser") && len(c.fake.STS.Calls()) != 0 {
				t.Errorf("a browser problem was found only after %d STS calls", len(c.fake.STS.Calls()))
			}
			for _, s := range []string{fakeaws.SigninTokenMarker, fakeaws.SecretMarker, fakeaws.TokenMarker, aliceSecret} {
				if strings.Contains(r.out+r.err, s) {
					t.Errorf("output leaks %q: %q", s, r.out+r.err)
				}
			}
		})
	}
	c := consoleCLI(t)
	if r := c.run("", "console", "admin", "--service=ec2", "--path=/s3"); r.code != 2 {
		t.Errorf("--service with --path: exit %d, want 2", r.code)
	}
}
