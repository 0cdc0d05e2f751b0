package desktop

import "github.com/godbus/dbus/v5"

// HasTrayHost reports whether a panel that shows StatusNotifierItems runs on the session bus
// (KDE, XFCE, GNOME with the AppIndicator extension). Without one the icon is invisible until a
// host starts; the tray registers with it then by itself.
func HasTrayHost() bool {
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return false
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return false
	}
	if err := conn.Hello(); err != nil {
		return false
	}
	var has bool
	err = conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has)
	return err == nil && has
}
