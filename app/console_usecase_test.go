package app

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

// browserVisit plays the browser: it follows the one-time loopback address the app launched
// and remembers where it was redirected.
type browserVisit struct {
	mu       sync.Mutex
	location string
	status   int
}

func (b *browserVisit) hook(t *testing.T) func(argv []string) error {
	return func(argv []string) error {
		var loopback string
		for _, a := range argv {
			if strings.HasPrefix(a, "http://127.0.0.1:") {
				loopback = a
			}
		}
		if loopback == "" {
			t.Errorf("launched %q without a loopback address", argv)
			return nil
		}
		resp, err := noRedirect.Get(loopback)
		if err != nil {
			return err
		}
		resp.Body.Close()
		b.mu.Lock()
		defer b.mu.Unlock()
		b.location, b.status = resp.Header.Get("Location"), resp.StatusCode
		return nil
	}
}

func (b *browserVisit) result() (string, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.location, b.status
}

func signinToken(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	return u.Query().Get("SigninToken")
}

// The sign-in URL of a role assumed with long-term keys lands on the chosen service in the
// profile's region, for the console_duration of the settings.
func TestConsoleURL(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig+`
[profile admin-long]
source_profile = alice
role_arn = arn:aws:iam::222222222222:role/admin
mfa_serial = `+aliceMFA+`
duration_seconds = 7200
region = eu-west-1
`)
	w.addAlice()
	must(t, w.app.SaveSettings(Settings{ConsoleDuration: "30m"}))
	raw, err := w.app.ConsoleURL(context.Background(), ConsoleRequest{Request: Request{Profile: "admin-long"}, Service: "ec2"})
	must(t, err)
	u, err := url.Parse(raw)
	must(t, err)
	q := u.Query()
	if q.Get("Action") != "login" || q.Get("Issuer") != "vaultbar" || !strings.HasPrefix(signinToken(t, raw), fakeaws.SigninTokenMarker) {
		t.Errorf("console URL %q, want a login URL with a sign-in token", raw)
	}
	if got := q.Get("Destination"); !strings.HasPrefix(got, "https://eu-west-1.console.aws.amazon.com/ec2/home") {
		t.Errorf("destination %q", got)
	}
	if calls := w.fake.Signin.Calls(); len(calls) != 1 || calls[0].Params.Get("SessionDuration") != "1800" {
		t.Errorf("getSigninToken calls %+v, want one with SessionDuration 1800", calls)
	}
}

// An IAM user's console session comes from GetFederationToken, whose sign-in AWS refuses a
// SessionDuration for; CopyConsoleURL puts the URL on the clipboard.
func TestCopyConsoleURLForAnIAMUser(t *testing.T) {
	t.Parallel()
	w := newWorld(t, strings.Replace(aliceConfig, "region = eu-west-1\n", "region = eu-west-1\nvaultbar_console_duration = 90m\n", 1))
	w.addAlice()
	must(t, w.app.CopyConsoleURL(context.Background(), ConsoleRequest{Request: Request{Profile: "alice"}}))
	copied := w.rec.lastCopy()
	if !strings.HasPrefix(signinToken(t, copied), fakeaws.SigninTokenMarker) {
		t.Errorf("copied %q, want a sign-in URL", copied)
	}
	if n := len(w.fake.STS.CallsFor("GetFederationToken")); n != 1 {
		t.Errorf("GetFederationToken calls %d, want 1", n)
	}
	if calls := w.fake.Signin.Calls(); len(calls) != 1 || calls[0].SessionDurationSent {
		t.Errorf("sign-in calls %+v, want one without SessionDuration", calls)
	}
	if err := New(Options{Env: w.env}).CopyConsoleURL(context.Background(), ConsoleRequest{Request: Request{Profile: "alice"}}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("without a clipboard: %v", err)
	}
}

// Requests that cannot work are refused with a hint before any STS call or MFA prompt.
func TestConsoleRefusalsBeforeSTS(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig+`
[profile slow]
source_profile = alice
role_arn = arn:aws:iam::222222222222:role/admin
vaultbar_console_duration = 3 days
`)
	w.addAlice()
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		r    ConsoleRequest
		want string
		open bool
	}{
		{"service and path", ConsoleRequest{Request: Request{Profile: "admin"}, Service: "ec2", Path: "/s3/"}, "cannot be used together", false},
		{"bad duration", ConsoleRequest{Request: Request{Profile: "slow"}}, "console duration", false},
		{"missing browser", ConsoleRequest{Request: Request{Profile: "admin"}, Browser: "firefox"}, "firefox", true},
		{"custom without command", ConsoleRequest{Request: Request{Profile: "admin"}, Browser: "custom"}, "needs a command", true},
		{"bad isolation", ConsoleRequest{Request: Request{Profile: "admin"}, Browser: "custom", Isolation: "sandbox"}, "", true},
		{"unknown profile", ConsoleRequest{Request: Request{Profile: "ghost"}}, "ghost", false},
	} {
		var err error
		if tc.open {
			err = w.app.OpenConsole(ctx, tc.r)
		} else {
			_, err = w.app.ConsoleURL(ctx, tc.r)
		}
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), tc.want) || vault.Hint(err) == "" {
			t.Errorf("%s: %v (hint %q), want %q with a hint", tc.name, err, vault.Hint(err), tc.want)
		}
	}
	if calls := w.fake.STS.Calls(); len(calls) != 0 {
		t.Errorf("STS called %d times for refused requests", len(calls))
	}
	if p := w.rec.mfaPrompts(); len(p) != 0 {
		t.Errorf("MFA asked %d times for refused requests", len(p))
	}
	if _, _, launches, _ := w.rec.snapshot(); len(launches) != 0 {
		t.Errorf("launched %q", launches)
	}
}

// OpenConsole launches the browser with a one-time loopback address, never the sign-in
// token; following it redirects to the sign-in URL, in Vaultbar's own browser profile.
func TestOpenConsoleInChromium(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	w.installBrowser("chromium")
	var visit browserVisit
	w.rec.onLaunch = visit.hook(t)
	must(t, w.app.OpenConsole(context.Background(), ConsoleRequest{Request: Request{Profile: "admin"}, Service: "s3"}))
	_, _, launches, _ := w.rec.snapshot()
	if len(launches) != 1 || launches[0][0] != filepath.Join(w.env["PATH"], "chromium") {
		t.Fatalf("launches %q, want the chromium on PATH", launches)
	}
	argv := strings.Join(launches[0], " ")
	if strings.Contains(argv, fakeaws.SigninTokenMarker) || strings.Contains(argv, "SigninToken") {
		t.Errorf("the sign-in token is on the command line: %q", argv)
	}
	dataRoot := filepath.Join(w.dir, ".local", "share", "vaultbar", "browsers")
	if !strings.Contains(argv, "--user-data-dir="+dataRoot) {
		t.Errorf("argv %q, want a data dir under %s", argv, dataRoot)
	}
	if info, err := os.Stat(dataRoot); err != nil || !info.IsDir() {
		t.Errorf("browser data dir not created: %v", err)
	}
	location, status := visit.result()
	if status != http.StatusFound || !strings.HasPrefix(signinToken(t, location), fakeaws.SigninTokenMarker) {
		t.Errorf("loopback answered %d → %q, want a redirect to the sign-in URL", status, location)
	}
}

// The default browser cannot be isolated, so the console logs out first, unless the settings
// say no_logout.
func TestOpenConsoleInTheDefaultBrowserLogsOutFirst(t *testing.T) {
	t.Parallel()
	for _, noLogout := range []bool{false, true} {
		w := newWorld(t, aliceConfig)
		w.addAlice()
		w.installBrowser("xdg-open")
		must(t, w.app.SaveSettings(Settings{NoLogout: noLogout}))
		var visit browserVisit
		w.rec.onLaunch = visit.hook(t)
		must(t, w.app.OpenConsole(context.Background(), ConsoleRequest{Request: Request{Profile: "alice"}}))
		location, _ := visit.result()
		u, err := url.Parse(location)
		must(t, err)
		isLogout := u.Query().Get("Action") == "logout" && strings.HasPrefix(location, w.fake.SigninURL)
		if isLogout == noLogout {
			t.Errorf("no_logout %v: redirected to %q", noLogout, location)
		}
		if noLogout && !strings.HasPrefix(signinToken(t, location), fakeaws.SigninTokenMarker) {
			t.Errorf("no_logout: redirected to %q, want the sign-in URL", location)
		}
	}
}

// A custom browser command gets the loopback address in its own argument; a launch that
// fails is the error, and one without a way to launch is unavailable.
func TestOpenConsoleCustomCommandAndLaunchFailures(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	must(t, w.app.SaveSettings(Settings{Browser: "custom", BrowserCommand: `my-browser --name "{{.Profile}} x" {{.URL}}`}))
	var visit browserVisit
	w.rec.onLaunch = visit.hook(t)
	ctx := context.Background()
	must(t, w.app.OpenConsole(ctx, ConsoleRequest{Request: Request{Profile: "alice"}}))
	_, _, launches, _ := w.rec.snapshot()
	if len(launches) != 1 || len(launches[0]) != 4 || launches[0][0] != "my-browser" || launches[0][2] != "alice x" ||
		!strings.HasPrefix(launches[0][3], "http://127.0.0.1:") {
		t.Errorf("launched %q", launches)
	}
	broken := errors.New("no such program")
	w.rec.mu.Lock()
	w.rec.onLaunch = func([]string) error { return broken }
	w.rec.mu.Unlock()
	if err := w.app.OpenConsole(ctx, ConsoleRequest{Request: Request{Profile: "alice"}}); !errors.Is(err, broken) {
		t.Errorf("failed launch: %v", err)
	}
	fx := w.rec.effects()
	fx.Launch = nil
	if err := New(Options{Env: w.env, Effects: fx}).OpenConsole(ctx, ConsoleRequest{Request: Request{Profile: "alice"}}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("without Launch: %v", err)
	}
}

// A browser that never fetches the address fails the open with a hint once ctx ends.
func TestOpenConsoleBrowserNeverCame(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	w.installBrowser("chromium")
	ctx, cancel := context.WithCancel(context.Background())
	w.rec.onLaunch = func([]string) error { cancel(); return nil } // the browser started but never asked
	err := w.app.OpenConsole(ctx, ConsoleRequest{Request: Request{Profile: "alice"}})
	if !errors.Is(err, login.ErrRedirectUnused) || !strings.Contains(vault.Hint(err), "--stdout") {
		t.Errorf("OpenConsole without a fetch = %v (hint %q)", err, vault.Hint(err))
	}
}
