package autostart

// RegValue is one string value (REG_SZ) under HKEY_CURRENT_USER. Name "" is the key's
// (Default) value.
type RegValue struct {
	Key, Name, Data string
}

// Windows keys under HKEY_CURRENT_USER: no administrator rights, only this user.
const (
	runKey            = `Software\Microsoft\Windows\CurrentVersion\Run`
	runValueName      = "Vaultbar"
	urlSchemeKey      = `Software\Classes\vaultbar`
	urlSchemeDisplay  = "URL:Vaultbar"
	urlSchemeCommand  = urlSchemeKey + `\shell\open\command`
	urlSchemeIconKey  = urlSchemeKey + `\DefaultIcon`
	urlProtocolMarker = "URL Protocol"
)

// RunValue is the Run key's value that starts exe at login: a quoted path, since Explorer
// splits an unquoted one at its first space ("C:\Program Files\…").
func RunValue(exe string) RegValue {
	return RegValue{Key: runKey, Name: runValueName, Data: quoteWindows(exe)}
}

// URLSchemeValues register vaultbar:// for this user (Microsoft, "Registering an Application to
// a URI Scheme"): the key's display name, the empty "URL Protocol" value that makes it a
// scheme, the icon, and the command that gets the URL as its one argument. The URL comes from
// any web page and is checked by the app (app.ParseLink), never by a shell: the command has
// no shell in it.
func URLSchemeValues(exe string) []RegValue {
	return []RegValue{
		{Key: urlSchemeKey, Name: "", Data: urlSchemeDisplay},
		{Key: urlSchemeKey, Name: urlProtocolMarker, Data: ""},
		{Key: urlSchemeIconKey, Name: "", Data: exe + ",0"},
		{Key: urlSchemeCommand, Name: "", Data: quoteWindows(exe) + ` "%1"`},
	}
}

// quoteWindows quotes a path for a command line. A Windows path cannot hold `"`, so no
// escaping is needed.
func quoteWindows(path string) string { return `"` + path + `"` }

// startupDisabled reports whether an Explorer\StartupApproved\Run value turns a Run entry off:
// Task Manager's Startup tab writes 12 bytes whose first is odd (3, 7) when disabled and even
// (2, 6) when enabled.
func startupDisabled(data []byte) bool { return len(data) > 0 && data[0]&1 == 1 }
