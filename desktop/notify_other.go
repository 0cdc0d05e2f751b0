//go:build !linux

package desktop

import "github.com/ncruces/zenity"

func notify(title, body string) error {
	return zenity.Notify(body, zenity.Title(title))
}
