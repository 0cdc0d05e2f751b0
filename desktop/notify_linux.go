package desktop

import (
	"context"
	"fmt"
	"time"

	"github.com/godbus/dbus/v5"
)

const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = "/org/freedesktop/Notifications"
	notifyCall  = notifyName + ".Notify"
	notifyAppID = "Vaultbar"
)

// notifyHints name the desktop entry the .deb installs, so a server can group the
// notifications under the app and take its icon from there.
var notifyHints = map[string]dbus.Variant{"desktop-entry": dbus.MakeVariant("vaultbar")}

func notify(title, body string) error {
	// A private connection per notification: they are rare, and a shared connection would
	// stay broken if the bus restarts. No autolaunch: without a session bus, dbus-launch
	// would start a dbus-daemon that nobody ever stops.
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return fmt.Errorf("notify: session bus: %w", err)
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return fmt.Errorf("notify: session bus: %w", err)
	}
	if err := conn.Hello(); err != nil {
		return fmt.Errorf("notify: session bus: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	call := conn.Object(notifyName, notifyPath).CallWithContext(ctx, notifyCall, 0,
		notifyAppID, uint32(0), notifyIcon(), title, body, []string{}, notifyHints, int32(-1))
	if call.Err != nil {
		return fmt.Errorf("notify: %w", call.Err)
	}
	return nil
}
