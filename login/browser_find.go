package login

import (
	"fmt"
	"strings"

	"github.com/vaultbar/vaultbar/vault"
)

// FindBrowser picks the browser with that id from all (usually Detect's result).
// An id Vaultbar does not know gives ErrUnknownBrowser, naming the known ids; a known browser
// missing from all gives ErrBrowserNotInstalled, naming the installed ones.
func FindBrowser(all []Browser, id string) (Browser, error) {
	for _, b := range all {
		if b.ID == id {
			return b, nil
		}
	}
	installed := make([]string, len(all))
	for i, b := range all {
		installed[i] = b.ID
	}
	k, known := lookupKnown(id)
	if !known {
		return Browser{}, vault.WithHint(fmt.Errorf("%w %q", ErrUnknownBrowser, id),
			"known browsers: %s", strings.Join(KnownBrowserIDs(), ", "))
	}
	return Browser{}, vault.WithHint(fmt.Errorf("%w: %s", ErrBrowserNotInstalled, k.name),
		"install %s or choose one of the installed browsers: %s", k.name, listOrNone(installed))
}

func listOrNone(ids []string) string {
	if len(ids) == 0 {
		return "(none found)"
	}
	return strings.Join(ids, ", ")
}
