//go:build linux || freebsd || openbsd || netbsd

package desktop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/vaultbar/vaultbar/vault"
)

// CheckSessionBus connects to the D-Bus session bus where the tray will look for it
// (DBUS_SESSION_BUS_ADDRESS, else /run/user/UID/bus) and says hello. The tray, notifications
// and the Secret Service all need it, and fyne.io/systray v1.12.2 without one waits forever
// and panics when asked to quit. It never starts a bus (no dbus-launch). When ctx ends first
// it returns ctx's error.
func CheckSessionBus(ctx context.Context) error {
	return checkSessionBus(ctx, 5*time.Second) // a session bus answers in milliseconds
}

func checkSessionBus(ctx context.Context, timeout time.Duration) error {
	const hint = "start vaultbar from your desktop session, or run it under dbus-run-session"
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, errNoAnswer)
	defer cancel()
	err := helloSessionBus(ctx)
	if err == nil {
		return nil
	}
	address := os.Getenv("DBUS_SESSION_BUS_ADDRESS") // godbus sets it when it finds the socket
	switch cause := context.Cause(ctx); {
	case address == "" || address == "autolaunch:":
		return vault.WithHint(fmt.Errorf("no d-bus session bus: DBUS_SESSION_BUS_ADDRESS is unset and there is no /run/user/%d/bus", os.Getuid()), hint)
	case errors.Is(cause, errNoAnswer):
		return vault.WithHint(fmt.Errorf("the d-bus session bus at %s does not answer", address), hint)
	case cause != nil:
		return cause // the caller gave up (a signal during start-up)
	}
	return vault.WithHint(fmt.Errorf("the d-bus session bus at %s cannot be reached: %w", address, err), hint)
}

var errNoAnswer = errors.New("no answer from the session bus")

// helloSessionBus does what the tray's connection does first; WithContext closes the
// connection when ctx ends, which ends a read that waits for a bus that never answers.
func helloSessionBus(ctx context.Context) error {
	conn, err := dbus.SessionBusPrivateNoAutoStartup(dbus.WithContext(ctx))
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return err
	}
	return conn.Hello()
}
