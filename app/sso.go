package app

import (
	"cmp"
	"context"
	"fmt"
	"runtime"

	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

// signInSSO is the vault's SSOSignIn effect: it tells the user (Effects.SSOSignIn: the
// terminal's line, the menu's line; a notification when there is none) and opens the
// verification page, code filled in, unless the entrance said not to.
func (a *App) signInSSO(ctx context.Context, s vault.SSOSignIn) error {
	if a.fx.SSOSignIn != nil {
		if err := a.fx.SSOSignIn(ctx, s); err != nil {
			return err
		}
	} else {
		a.fx.Notify("Signing in to IAM Identity Center", "Check that the browser shows the code "+s.UserCode)
	}
	if a.noBrowser || a.fx.Launch == nil {
		return nil
	}
	if err := a.OpenSSOPage(ctx, s.VerificationURIComplete); err != nil {
		// The user was given the address above and can open it; polling goes on.
		fmt.Fprintf(a.fx.Stderr, "vaultbar: %v\n", err)
	}
	return nil
}

// OpenSSOPage opens an IAM Identity Center page in the browser of the settings (else the
// default browser) in its normal session, not a per-profile one: one sign-in serves every
// profile of the start URL, and the identity provider's own session lives there. Like the
// console, the browser is given a one-time loopback address that redirects to url. It
// returns once the browser was started; a browser that never fetches the page is reported
// on Effects.Stderr within two minutes.
func (a *App) OpenSSOPage(ctx context.Context, url string) error {
	if a.fx.Launch == nil {
		return ErrUnavailable
	}
	st, err := a.LoadSettings()
	if err != nil {
		return err
	}
	b, err := chooseBrowser(a.detectBrowsers(), cmp.Or(st.Browser, "default"), st.BrowserCommand)
	if err != nil {
		return err
	}
	spec := login.LaunchSpec{Browser: b, Isolation: login.NoIsolation, DataRoot: a.browserDataRoot(), Home: a.HomeDir(),
		Template: st.BrowserCommand, GOOS: runtime.GOOS}
	ctx, cancel := context.WithTimeout(ctx, browserFetchTimeout)
	once, err := login.ServeOnce(ctx, url)
	if err != nil {
		cancel()
		return err
	}
	argv, err := login.Argv(spec, once.URL())
	if err == nil {
		err = a.fx.Launch(ctx, argv, a.Environ())
	}
	if err != nil {
		cancel()
		return err
	}
	go func() {
		defer cancel()
		if err := <-once.Done(); err != nil && ctx.Err() != context.Canceled {
			fmt.Fprintf(a.fx.Stderr, "vaultbar: %s did not open the iam identity center page: %v\n", b.Name, err)
		}
	}()
	return nil
}
