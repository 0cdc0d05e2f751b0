//go:build !linux

package desktop

// HasTrayHost: macOS and Windows always have a menu bar or notification area.
func HasTrayHost() bool { return true }
