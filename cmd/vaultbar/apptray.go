//go:build cgo || !darwin

package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/vaultbar/vaultbar/assets"
	"github.com/vaultbar/vaultbar/desktop"
	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// runTray runs the menu-bar app until Quit or a signal. systray owns the main goroutine; the
// controller owns the state on another; effects run on their own goroutines.
func (a *app) runTray(ctx context.Context) error {
	if err := desktop.CheckSessionBus(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // a signal during start-up ends the app as one after it does
		}
		return err
	}
	dir, err := a.runtimeDir()
	if err != nil {
		return err
	}
	release, err := desktop.Acquire(dir)
	if errors.Is(err, desktop.ErrAlreadyRunning) {
		fmt.Fprintln(a.io.err, "vaultbar: already running; look for its icon in the menu bar")
		return nil
	}
	if err != nil {
		return err
	}
	defer release()
	a.prompt, a.passphrase = desktop.PromptMFA, desktop.Passphrase
	ta, err := newTrayApp(a)
	if err != nil {
		return err
	}
	defer func() { _ = ta.clip.ClearOwned() }()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	reload := make(chan struct{}, 1)
	if err := watchFile(ctx, a.configPath(), reload); err != nil {
		fmt.Fprintln(a.io.err, errorLine(err)) // the menu still works; edits show within a minute
	}
	if !desktop.HasTrayHost() {
		const hint = "no panel shows tray icons in this session; on GNOME install the AppIndicator extension. Vaultbar appears as soon as one runs"
		fmt.Fprintln(a.io.err, "vaultbar: "+hint)
		_ = desktop.Notify("Vaultbar is running without a tray icon", hint)
	}
	t := desktop.NewTray(desktop.TrayOptions{Title: "Vaultbar", Icons: trayIcons})
	go reloadWhenOpened(ctx, t.Opened(), reload, time.Minute)
	done := make(chan error, 1)
	go func() {
		done <- tray.NewController(ta.deps(), version).Run(ctx, t.Actions(), reload, t.Render)
		t.Quit()
	}()
	t.Run()
	cancel() // systray ended: stop the controller if it still runs, then wait for it
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
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
				notifyOnce(reload)
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

// runtimeDir is a user-only directory for the single-instance lock: $XDG_RUNTIME_DIR/vaultbar,
// else "run" in Vaultbar's cache directory under the home directory. Never a shared one such
// as /tmp, where another user could create the directory first and keep the app from starting.
func (a *app) runtimeDir() (string, error) {
	if d := a.env.Get("XDG_RUNTIME_DIR"); filepath.IsAbs(d) { // the spec ignores relative paths
		return filepath.Join(d, "vaultbar"), nil
	}
	d := filepath.Join(a.appDir("XDG_CACHE_HOME", ".cache", "LOCALAPPDATA"), "run")
	if !filepath.IsAbs(d) {
		return "", vault.WithHint(errors.New("no directory for the single-instance lock"), "set HOME or XDG_RUNTIME_DIR")
	}
	return d, nil
}
