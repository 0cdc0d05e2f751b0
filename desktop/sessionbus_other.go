//go:build !(linux || freebsd || openbsd || netbsd)

package desktop

import "context"

// CheckSessionBus is for systems whose tray talks D-Bus; macOS and Windows have their own.
func CheckSessionBus(ctx context.Context) error { return nil }
