package main

import (
	"fmt"
	"io"

	"github.com/vaultbar/vaultbar/desktop/autostart"
)

// registerURLScheme makes vaultbar:// links start this binary, for this user: Windows has no
// installer step that does it, and the running app is what the user just started. Only the
// values that do not already point at this binary are written.
func registerURLScheme(exe string, stderr io.Writer) {
	if err := autostart.RegisterURLScheme(exe); err != nil {
		fmt.Fprintln(stderr, errorLine(fmt.Errorf("vaultbar:// links will not reach the app: %w", err)))
	}
}
