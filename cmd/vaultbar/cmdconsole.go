package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

// defaultConsoleDuration is the console session asked for when AWS allows choosing it.
const defaultConsoleDuration = 12 * time.Hour

// browserFetchTimeout bounds how long the one-time sign-in address waits for the browser.
const browserFetchTimeout = 2 * time.Minute

// consoleFlags are console's own flags, next to the credential flags.
type consoleFlags struct {
	stdout, noLogout                  bool
	service, path, browser, isolation string
}

// console opens the AWS console for a profile in its own browser profile, or prints the
// sign-in URL with --stdout (as `aws-vault login --stdout`).
func (a *app) console(ctx context.Context, args []string) error {
	var f consoleFlags
	req, err := a.parseCredentialArgs("console", args, -1, func(fs *flag.FlagSet) {
		fs.BoolVar(&f.stdout, "stdout", false, "print the sign-in URL instead of opening a browser")
		fs.BoolVar(&f.stdout, "s", false, "short for --stdout")
		fs.BoolVar(&f.noLogout, "no-logout", false, "do not log out of the console first in browsers without isolation")
		fs.StringVar(&f.service, "service", "", "console service to open, e.g. ec2, s3, iam")
		fs.StringVar(&f.path, "path", "", "console path or URL to open")
		fs.StringVar(&f.browser, "browser", "", "browser id, e.g. chrome, firefox, default")
		fs.StringVar(&f.isolation, "isolation", "", "browser isolation: profile-directory, data-dir, container, granted-container, firefox-profile, none")
	})
	if err != nil {
		return err
	}
	if f.service != "" && f.path != "" {
		return usagef("--service and --path cannot be used together")
	}
	st, err := a.loadSettings()
	if err != nil {
		return err
	}
	f.noLogout = f.noLogout || st.NoLogout
	store, p, err := a.openProfile(req.profile, req.flags)
	if err != nil {
		return err
	}
	var spec login.LaunchSpec
	if !f.stdout { // a missing browser fails before any STS call or MFA prompt
		if spec, err = a.launchSpec(p, f, st); err != nil {
			return err
		}
	}
	signin, err := a.signinURL(ctx, a.newVault(store), p, req.flags, f, st)
	if err != nil {
		return err
	}
	if f.stdout {
		_, err = fmt.Fprintln(a.io.out, signin.url)
		return err
	}
	return a.openInBrowser(ctx, p, spec, f, signin)
}

// signin is a ready sign-in URL and the federation endpoint it belongs to.
type signin struct{ url, endpoint string }

func (a *app) signinURL(ctx context.Context, v *vault.Vault, p *vault.Profile, cf credentialFlags, f consoleFlags, st settings) (signin, error) {
	dest, err := login.ConsoleURL(login.Destination{Region: p.Region, Service: f.service, Path: f.path})
	if err != nil {
		return signin{}, err
	}
	duration, err := consoleDuration(p, st)
	if err != nil {
		return signin{}, err
	}
	endpoint, err := login.ResolveEndpoint(p.Region, login.SigninEndpointFromEnv(a.env))
	if err != nil {
		return signin{}, err
	}
	cc, err := v.ConsoleCredentials(ctx, p, vault.CredentialOptions{NoSession: cf.noSession})
	if err != nil {
		return signin{}, err
	}
	opts := login.SigninOptions{SessionDuration: duration, Endpoint: login.SigninEndpointFromEnv(a.env), Limits: a.limits}
	token, err := login.SigninToken(ctx, p.Region, cc.Credentials, opts.ForKind(cc.Kind))
	if err != nil {
		return signin{}, err
	}
	return signin{url: login.LoginURL(endpoint, "vaultbar", dest, token), endpoint: endpoint}, nil
}

// consoleDuration is the profile's vaultbar_console_duration, else the setting, else 12 hours.
func consoleDuration(p *vault.Profile, st settings) (time.Duration, error) {
	value := firstOf(p.Vaultbar.ConsoleDuration, st.ConsoleDuration)
	if value == "" {
		return defaultConsoleDuration, nil
	}
	d, err := time.ParseDuration(value)
	if err != nil || d < login.MinSessionDuration || d > login.MaxSessionDuration {
		return 0, vault.WithHint(fmt.Errorf("profile %s: console duration %q is not a duration from 15m to 12h", p.Name, value),
			"write vaultbar_console_duration (or console_duration in the settings) like 8h or 90m")
	}
	return d, nil
}

// openInBrowser gives the browser a one-time loopback address that redirects to the sign-in
// URL, so the token never appears on a command line, and waits until the browser used it.
func (a *app) openInBrowser(ctx context.Context, p *vault.Profile, spec login.LaunchSpec, f consoleFlags, s signin) error {
	target := s.url
	if spec.Isolation == login.NoIsolation && !f.noLogout {
		target = login.LogoutURLAt(s.endpoint, s.url)
	}
	if err := ensureProfileDir(spec); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, browserFetchTimeout)
	defer cancel()
	once, err := login.ServeOnce(ctx, target)
	if err != nil {
		return err
	}
	argv, err := login.Argv(spec, once.URL())
	if err != nil {
		return err
	}
	if _, err := login.Launch(ctx, argv, a.environ()); err != nil {
		return err
	}
	if err := <-once.Done(); err != nil {
		return vault.WithHint(fmt.Errorf("open console for profile %s in %s: %w", p.Name, spec.Browser.Name, err),
			"check that the browser starts; `vaultbar console --stdout %s` prints the sign-in URL instead", p.Name)
	}
	return nil
}

func ensureProfileDir(spec login.LaunchSpec) error {
	dir, err := login.ProfileDir(spec)
	if err != nil || dir == "" {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create browser profile directory: %w", err)
	}
	return nil
}

// launchSpec picks the browser and isolation: flags, then the profile's vaultbar_* keys,
// then the settings, then the first Chromium-family browser, Firefox, or the default browser.
func (a *app) launchSpec(p *vault.Profile, f consoleFlags, st settings) (login.LaunchSpec, error) {
	command := firstOf(p.Vaultbar.BrowserCommand, st.BrowserCommand)
	b, err := chooseBrowser(a.detectBrowsers(), firstOf(f.browser, p.Vaultbar.Browser, st.Browser), command)
	if err != nil {
		return login.LaunchSpec{}, err
	}
	iso := login.DefaultIsolation(b.Family)
	if name := firstOf(f.isolation, p.Vaultbar.Isolation, st.Isolation); name != "" {
		if iso, err = login.ParseIsolation(name); err != nil {
			return login.LaunchSpec{}, err
		}
	}
	return login.LaunchSpec{Browser: b, Isolation: iso, DataRoot: a.browserDataRoot(), Home: a.homeDir(),
		Profile: p.Name, Color: p.Vaultbar.Color, Icon: p.Vaultbar.Icon, Template: command, GOOS: runtime.GOOS}, nil
}

// customBrowser is the id that selects the browser command template.
const customBrowser = "custom"

func chooseBrowser(all []login.Browser, want, command string) (login.Browser, error) {
	if want == customBrowser {
		if command == "" {
			return login.Browser{}, vault.WithHint(fmt.Errorf("browser %q needs a command", customBrowser),
				"set vaultbar_browser_command in the profile or browser_command in the settings, e.g. \"my-browser --new-window {{.URL}}\"")
		}
		return login.Browser{ID: customBrowser, Name: "custom browser command", Family: login.Custom}, nil
	}
	if want != "" {
		return login.FindBrowser(all, want)
	}
	for _, family := range []login.Family{login.Chromium, login.Firefox} {
		for _, b := range all {
			if b.Family == family {
				return b, nil
			}
		}
	}
	return login.FindBrowser(all, "default")
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func (a *app) detectBrowsers() []login.Browser {
	return login.Detect(login.DetectEnv{GOOS: runtime.GOOS, Home: a.homeDir(), LookPath: a.lookPath,
		Exists: func(path string) bool { _, err := os.Stat(path); return err == nil }})
}

// browserDataRoot is Vaultbar's own directory for browser profiles, never the user's.
func (a *app) browserDataRoot() string {
	return filepath.Join(a.appDir("XDG_DATA_HOME", ".local/share", "LOCALAPPDATA"), "browsers")
}
