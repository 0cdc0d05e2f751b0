//go:build !darwin

package desktop

// activate: only macOS needs the app brought to the front before a dialog.
func activate() {}
