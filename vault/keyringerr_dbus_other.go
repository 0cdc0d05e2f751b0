//go:build !linux

package vault

// classifyDBusErr: only Linux backends talk D-Bus.
func classifyDBusErr(error) error { return nil }

// isDBusItemGone: only Linux backends talk D-Bus.
func isDBusItemGone(error) bool { return false }
