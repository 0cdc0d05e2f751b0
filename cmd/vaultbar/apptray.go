//go:build cgo || !darwin

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/assets"
	"github.com/vaultbar/vaultbar/control"
	"github.com/vaultbar/vaultbar/desktop"
	"github.com/vaultbar/vaultbar/desktop/urlevents"
	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// menuSSOSignIn is the menu's IAM Identity Center sign-in: a notification with the code the
// browser (which the app opens) must show, and the same code at the top of the menu, with
// "Cancel sign-in", until the sign-in ends (its context does). post hands the controller
// the notices.
func menuSSOSignIn(post func(tray.Action) error) vault.SignInSSO {
	return func(ctx context.Context, s vault.SSOSignIn) error {
		body := "Check that the browser shows the code " + s.UserCode
		if s.Reason != "" {
			body = s.Reason + ". " + body
		}
		_ = desktop.Notify("Signing in to IAM Identity Center", body)
		if err := post(tray.Action{Kind: tray.SignInShown, Path: s.StartURL, Format: s.UserCode}); err != nil {
			return nil // the app is quitting
		}
		go func() {
			<-ctx.Done()
			_ = post(tray.Action{Kind: tray.SignInEnded, Path: s.StartURL})
		}()
		return nil
	}
}

// runTray runs the menu-bar app until Quit or a signal. systray owns the main goroutine; the
// controller owns the state on another; effects run on their own goroutines. The control
// socket makes it the only instance and receives vaultbar:// links.
func (c *invocation) runTray(ctx context.Context) error {
	if err := desktop.CheckSessionBus(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // a signal during start-up ends the app as one after it does
		}
		return err
	}
	urls, urlErr := urlevents.Start() // macOS: before the run loop, to catch the launch URL
	if urlErr != nil {
		fmt.Fprintln(c.io.err, errorLine(urlErr))
	}
	srv, err := c.listen(ctx)
	if errors.Is(err, control.ErrAlreadyRunning) {
		fmt.Fprintln(c.io.err, "vaultbar: already running; look for its icon in the menu bar")
		return nil
	}
	if err != nil {
		return err
	}
	defer srv.Close()
	clip, err := c.clipboard()
	if err != nil {
		return err
	}
	defer func() { _ = clip.ClearOwned() }()
	logf, closeLog := c.appLog()
	defer closeLog()
	actions := make(chan tray.Action)
	do := func(ctx context.Context, act tray.Action) error { return send(ctx, actions, act) }
	fx := app.Effects{PromptMFA: c.appPrompt(), Passphrase: desktop.Passphrase, Log: logf, ClipboardClears: clip.ClearAfter(),
		Confirm: desktop.Confirm, AskKeys: askKeys, ConfirmVerb: desktop.ConfirmVerb, Choose: desktop.Choose,
		CopySecret: clip.CopySecret, Copy: clip.Copy, Notify: func(title, body string) { _ = desktop.Notify(title, body) },
		IsCancel: desktop.IsCancel, SSOSignIn: menuSSOSignIn(func(act tray.Action) error { return do(ctx, act) })}
	if login, err := c.loginStart(); err != nil {
		fmt.Fprintln(c.io.err, errorLine(err)) // the menu hides "Start at login"
	} else {
		fx.StartAtLogin, fx.SetStartAtLogin = loginEffects(login)
	}
	if exe, err := executable(); err == nil {
		registerURLScheme(exe, c.io.err)
	}
	a := c.newApp(app.Options{Effects: fx})

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	reload := make(chan struct{}, 1)
	if err := desktop.WatchFile(ctx, a.ConfigPath(), reload); err != nil {
		fmt.Fprintln(c.io.err, errorLine(err)) // the menu still works; edits show within a minute
	}
	if !desktop.HasTrayHost() {
		const hint = "no panel shows tray icons in this session; on GNOME install the AppIndicator extension. Vaultbar appears as soon as one runs"
		fmt.Fprintln(c.io.err, "vaultbar: "+hint)
		_ = desktop.Notify("Vaultbar is running without a tray icon", hint)
	}
	t := desktop.NewTray(desktop.TrayOptions{Title: "Vaultbar", Icons: trayIcons})
	menuOpened, keyAgesOpened := make(chan struct{}, 1), make(chan struct{}, 1)
	go fanOut(ctx, t.Opened(), menuOpened, keyAgesOpened)
	go reloadWhenOpened(ctx, menuOpened, reload, time.Minute)
	go forwardClicks(ctx, t.Actions(), actions)
	go func() { _ = srv.Serve(ctx, a.ControlHandler(do)) }()
	go followURLs(ctx, urls, a, do)
	done := make(chan error, 1)
	go func() {
		deps := a.MenuDeps(app.MenuOptions{Version: version, Recent: a.LoadRecent()})
		deps.Opened = keyAgesOpened // key ages are fetched when the menu opens (tray/keyage.go)
		done <- tray.NewController(deps, version).Run(ctx, actions, reload, t.Render)
		t.Quit()
	}()
	c.signalReady()
	t.Run()
	cancel() // systray ended: stop the controller if it still runs, then wait for it
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// askKeys is desktop's Add credentials form for the app.
func askKeys(ctx context.Context, problem string, last app.KeysForm) (app.KeysForm, error) {
	f, err := desktop.AskKeys(ctx, problem, desktop.KeysForm(last))
	return app.KeysForm(f), err
}

// listen claims the control socket, which makes this process the only running app.
func (c *invocation) listen(ctx context.Context) (*control.Server, error) {
	dir, err := c.newApp(app.Options{}).RuntimeDir()
	if err != nil {
		return nil, err
	}
	return control.Listen(ctx, dir, control.ListenOptions{Info: map[string]any{"version": version, "pid": os.Getpid()},
		HintFunc: vault.Hint, Logf: func(format string, args ...any) { fmt.Fprintf(c.io.err, "vaultbar: "+format+"\n", args...) }})
}

// clipboard is the app's clipboard, which clears copied secrets after the settings' delay.
func (c *invocation) clipboard() (*desktop.Clipboard, error) {
	st, err := c.newApp(app.Options{}).LoadSettings()
	if err != nil {
		return nil, err
	}
	after, err := st.ClearAfter()
	if err != nil {
		return nil, err
	}
	return desktop.NewClipboard(desktop.ClipboardOptions{ClearAfter: after}), nil
}

// forwardClicks passes the menu's clicks to the controller; the menu's end is a Quit.
func forwardClicks(ctx context.Context, clicks <-chan tray.Action, actions chan<- tray.Action) {
	for {
		act, ok := <-clicks
		if !ok {
			act = tray.Action{Kind: tray.Quit}
		}
		if send(ctx, actions, act) != nil || !ok {
			return
		}
	}
}

// followURLs runs the links macOS delivers as Apple Events (nil elsewhere).
func followURLs(ctx context.Context, urls <-chan string, a *app.App, do func(context.Context, tray.Action) error) {
	for {
		select {
		case <-ctx.Done():
			return
		case u := <-urls:
			go func() { _ = a.RunLink(ctx, u, do) }() // a dialog may wait; failures are notified
		}
	}
}

// send gives an action to the controller unless ctx ends first.
func send(ctx context.Context, actions chan<- tray.Action, act tray.Action) error {
	select {
	case actions <- act:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reloadWhenOpened re-reads the keyring when the menu opens, at most once per interval: the
// aws-vault CLI may have added or cleared sessions, and a keyring read can be slow or prompt.
func reloadWhenOpened(ctx context.Context, opened <-chan struct{}, reload chan<- struct{}, interval time.Duration) {
	var last time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-opened:
			if time.Since(last) >= interval {
				last = time.Now()
				desktop.NotifyOnce(reload)
			}
		}
	}
}

// fanOut passes each signal on in to every out, dropping it for an out that has one pending.
func fanOut(ctx context.Context, in <-chan struct{}, outs ...chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-in:
			for _, out := range outs {
				desktop.NotifyOnce(out)
			}
		}
	}
}

// trayIcons maps the tray's states to the embedded icons.
func trayIcons(i tray.Icon) (template, regular []byte) {
	name := assets.Idle
	switch i {
	case tray.IconServing:
		name = assets.Serving
	case tray.IconBusy:
		name = assets.Busy
	}
	template, regular, err := assets.Icons(name)
	if err != nil {
		template, regular, _ = assets.Icons(assets.Idle) // embedded, so this cannot fail
	}
	return template, regular
}
