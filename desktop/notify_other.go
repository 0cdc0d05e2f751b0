//go:build !linux

package desktop

import (
	"runtime"
	"sync"

	"github.com/ncruces/zenity"
)

// notifyIcon is the PNG a Windows toast shows as the app's logo, written once; "" where it
// cannot be written or the system takes no icon (macOS shows the notifying app's own).
var notifyIcon = sync.OnceValue(func() string {
	if runtime.GOOS != "windows" {
		return ""
	}
	path, err := writeNotifyIcon()
	if err != nil {
		return ""
	}
	return path
})

func notify(title, body string) error {
	opts := []zenity.Option{zenity.Title(title)}
	if icon := notifyIcon(); icon != "" {
		opts = append(opts, zenity.Icon(icon))
	}
	return zenity.Notify(body, opts...)
}
