package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/login"
)

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

// The settings file picks a custom browser command; the test plays that browser. It gets
// only the one-time loopback address (logging out first: a custom command has no isolation),
// each template field as one argument, and no AWS_* variable.
func TestConsoleCustomBrowserFromSettings(t *testing.T) {
	t.Parallel()
	c := consoleCLI(t)
	c.env["AWS_SESSION_TOKEN"] = "ambient" + fakeaws.TokenMarker
	browser := filepath.Join(c.dir, "my browser")
	record := filepath.Join(c.dir, "argv")
	script := "#!/bin/sh\nenv | grep '^AWS_' > '" + record + ".env'\nprintf '%s\\n' \"$@\" > '" + record + ".tmp'\nmv '" + record + ".tmp' '" + record + "'\n"
	must(t, os.WriteFile(browser, []byte(script), 0o755))
	settingsDir := filepath.Join(c.dir, ".config", "vaultbar")
	must(t, os.MkdirAll(settingsDir, 0o700))
	command := `"` + browser + `" --window-name={{.Profile}} {{.URL}}`
	doc, _ := json.Marshal(map[string]string{"browser": "custom", "browser_command": command})
	must(t, os.WriteFile(filepath.Join(settingsDir, "settings.json"), doc, 0o600))

	done := make(chan result, 1)
	go func() { done <- c.run("", "console", "admin", "--mfa-token="+goodCode) }()
	argv := strings.Split(strings.TrimSpace(string(waitForFile(t, record))), "\n")
	if len(argv) != 2 || argv[0] != "--window-name=admin" || !strings.HasPrefix(argv[1], "http://127.0.0.1:") {
		t.Fatalf("browser argv = %q, want the profile and the loopback address", argv)
	}
	client := http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(argv[1])
	must(t, err)
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.Contains(loc, "/oauth?Action=logout&redirect_uri=") ||
		!strings.Contains(loc, url.QueryEscape("Action=login")) {
		t.Errorf("one-time address answered %d to %q, want a redirect through log-out to the login", resp.StatusCode, loc)
	}
	if r := <-done; r.code != 0 {
		t.Errorf("console exit %d: %s", r.code, r.err)
	}
	if env, _ := os.ReadFile(record + ".env"); len(env) != 0 {
		t.Errorf("the browser inherited %q", env)
	}
}

// waitForFile polls for a file another process writes, within a deadline.
func waitForFile(t *testing.T, path string) []byte {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if b, err := os.ReadFile(path); err == nil {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s was not written within 10s", path)
		}
		time.Sleep(10 * time.Millisecond) // another process writes it; nothing to wait on
	}
}

func TestConsoleRejectsBadSettings(t *testing.T) {
	t.Parallel()
	c := consoleCLI(t)
	dir := filepath.Join(c.dir, ".config", "vaultbar")
	must(t, os.MkdirAll(dir, 0o700))
	must(t, os.WriteFile(filepath.Join(dir, "settings.json"), []byte(`{"browsr":"firefox"}`), 0o600))
	r := c.run("", "console", "admin", "--mfa-token="+goodCode)
	if r.code != 1 || !strings.Contains(r.err, "settings file") || !strings.Contains(r.err, "browsr") {
		t.Errorf("exit %d, stderr %q; want a clear settings error", r.code, r.err)
	}
}

// `vaultbar login P` with a browser that cannot start (it exits 1, as chromium does without a
// display) fails as soon as the browser has exited, with its status and what it said, not
// after the two minutes the sign-in redirect waits.
func TestConsoleBrowserThatExitsFailsAtOnce(t *testing.T) {
	t.Parallel()
	c := consoleCLI(t)
	browser := filepath.Join(c.dir, "broken-browser")
	must(t, os.WriteFile(browser, []byte("#!/bin/sh\necho 'cannot open display: :99' >&2\nexit 1\n"), 0o755))
	settingsDir := filepath.Join(c.dir, ".config", "vaultbar")
	must(t, os.MkdirAll(settingsDir, 0o700))
	doc, _ := json.Marshal(map[string]string{"browser": "custom", "browser_command": `"` + browser + `" {{.URL}}`})
	must(t, os.WriteFile(filepath.Join(settingsDir, "settings.json"), doc, 0o600))

	start := time.Now()
	r := c.run("", "login", "admin", "--mfa-token="+goodCode)
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("login failed after %s, want at once", took)
	}
	if r.code != 1 || !strings.Contains(r.err, "exit status 1") || !strings.Contains(r.err, "cannot open display: :99") {
		t.Errorf("login: exit %d, stderr %q; want the browser's status and reason", r.code, r.err)
	}
}
