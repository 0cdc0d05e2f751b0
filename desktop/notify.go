package desktop

// Notify shows a desktop notification: title in bold, body below it. Both must be plain
// words for anyone looking at the screen: callers never pass secrets (keys, tokens, codes),
// and no markup (servers may render body markup, or show it raw).
//
// On Linux it calls org.freedesktop.Notifications on the session bus directly (no process to
// start); elsewhere it uses zenity.Notify.
func Notify(title, body string) error {
	return notify(title, body)
}
