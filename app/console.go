package app

import (
	"cmp"
	"context"
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

// ConsoleRequest is a console sign-in: the profile and credential flags, where to land, and
// which browser and isolation to use (empty: the profile's vaultbar_* keys, then the settings).
type ConsoleRequest struct {
	Request
	Service, Path      string // a console service shortcut (ec2, s3, ...) or a console path; not both
	Browser, Isolation string
	NoLogout           bool // never log out first in browsers without isolation
}

// OpenConsole opens the AWS console for a profile in its own browser profile. A missing
// browser fails before any STS call or MFA prompt.
func (a *App) OpenConsole(ctx context.Context, r ConsoleRequest) error {
	if a.fx.Launch == nil {
		return ErrUnavailable
	}
	st, p, err := a.consoleProfile(r)
	if err != nil {
		return err
	}
	spec, err := a.launchSpec(p, r, st)
	if err != nil {
		return err
	}
	s, err := a.signinURL(ctx, p, r, st)
	if err != nil {
		return err
	}
	return a.openInBrowser(ctx, p, spec, r.NoLogout || st.NoLogout, s)
}

// ConsoleURL is a profile's sign-in URL (aws-vault login --stdout). It is a secret.
func (a *App) ConsoleURL(ctx context.Context, r ConsoleRequest) (string, error) {
	st, p, err := a.consoleProfile(r)
	if err != nil {
		return "", err
	}
	s, err := a.signinURL(ctx, p, r, st)
	return s.url, err
}

// CopyConsoleURL puts a profile's sign-in URL on the clipboard.
func (a *App) CopyConsoleURL(ctx context.Context, r ConsoleRequest) error {
	if a.fx.CopySecret == nil {
		return ErrUnavailable
	}
	url, err := a.ConsoleURL(ctx, r)
	if err != nil {
		return err
	}
	return a.fx.CopySecret(url)
}

func (a *App) consoleProfile(r ConsoleRequest) (Settings, *vault.Profile, error) {
	if r.Service != "" && r.Path != "" {
		return Settings{}, nil, vault.WithHint(fmt.Errorf("a console service and a console path cannot be used together"), "give one of them")
	}
	st, err := a.LoadSettings()
	if err != nil {
		return st, nil, err
	}
	p, err := a.Profile(r.Profile, r.Overrides)
	return st, p, err
}

// signin is a ready sign-in URL and the federation endpoint it belongs to.
type signin struct{ url, endpoint string }

func (a *App) signinURL(ctx context.Context, p *vault.Profile, r ConsoleRequest, st Settings) (signin, error) {
	dest, err := login.ConsoleURL(login.Destination{Region: p.Region, Service: r.Service, Path: r.Path})
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
	cc, err := a.consoleCredentialsOf(ctx, p, r.Request)
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
func consoleDuration(p *vault.Profile, st Settings) (time.Duration, error) {
	value := cmp.Or(p.Vaultbar.ConsoleDuration, st.ConsoleDuration)
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
func (a *App) openInBrowser(ctx context.Context, p *vault.Profile, spec login.LaunchSpec, noLogout bool, s signin) error {
	target := s.url
	if spec.Isolation == login.NoIsolation && !noLogout {
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
	// A browser that exits with an error (no display) fails the sign-in at once, with its
	// reason, rather than after browserFetchTimeout.
	launchCtx, exited := login.WithExitWatch(ctx)
	if err := a.fx.Launch(launchCtx, argv, a.Environ()); err != nil {
		return err
	}
	var failed error
	select {
	case err = <-once.Done():
	case failed = <-exited:
		cancel()
		err = <-once.Done() // nil if the browser followed the redirect before it failed
	}
	switch {
	case err == nil:
		return nil
	case failed != nil: // its hint says what to check
		return fmt.Errorf("open console for profile %s in %s: %w", p.Name, spec.Browser.Name, failed)
	}
	return vault.WithHint(fmt.Errorf("open console for profile %s in %s: %w", p.Name, spec.Browser.Name, err),
		"check that the browser starts; `vaultbar console --stdout %s` prints the sign-in URL instead", p.Name)
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
func (a *App) launchSpec(p *vault.Profile, r ConsoleRequest, st Settings) (login.LaunchSpec, error) {
	command := cmp.Or(p.Vaultbar.BrowserCommand, st.BrowserCommand)
	b, err := chooseBrowser(a.detectBrowsers(), cmp.Or(r.Browser, p.Vaultbar.Browser, st.Browser), command)
	if err != nil {
		return login.LaunchSpec{}, err
	}
	iso := login.DefaultIsolation(b.Family)
	if name := cmp.Or(r.Isolation, p.Vaultbar.Isolation, st.Isolation); name != "" {
		if iso, err = login.ParseIsolation(name); err != nil {
			return login.LaunchSpec{}, err
		}
	}
	return login.LaunchSpec{Browser: b, Isolation: iso, DataRoot: a.browserDataRoot(), Home: a.HomeDir(),
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

func (a *App) detectBrowsers() []login.Browser {
	return login.Detect(login.DetectEnv{GOOS: runtime.GOOS, Home: a.HomeDir(), LookPath: a.LookPath,
		Exists: func(path string) bool { _, err := os.Stat(path); return err == nil }})
}

// browserDataRoot is Vaultbar's own directory for browser profiles, never the user's.
func (a *App) browserDataRoot() string {
	return filepath.Join(a.appDir(dataDir), "browsers")
}
