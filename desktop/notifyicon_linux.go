package desktop

import (
	"net/url"
	"os"
	"path/filepath"
	"sync"
)

// notifyIcon is a notification's app_icon: the theme icon "vaultbar" when a package
// installed it (the .deb puts it in hicolor), else the tray's colour icon written once to a
// user-only file, as a file:// URI. "" when neither can be had: the notification goes out
// without an icon rather than not at all.
var notifyIcon = sync.OnceValue(func() string {
	if themeIconInstalled("vaultbar") {
		return "vaultbar"
	}
	path, err := writeNotifyIcon()
	if err != nil {
		return ""
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
})

// themeIconInstalled reports whether a hicolor icon called name is in XDG_DATA_DIRS.
func themeIconInstalled(name string) bool {
	dirs := filepath.SplitList(os.Getenv("XDG_DATA_DIRS"))
	if len(dirs) == 0 {
		dirs = []string{"/usr/local/share", "/usr/share"}
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "icons", "hicolor", "48x48", "apps", name+".png")); err == nil {
			return true
		}
	}
	return false
}
