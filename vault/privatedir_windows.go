//go:build windows

package vault

import "os"

// ensurePrivateDir creates dir. On Windows it lives under %LOCALAPPDATA%, whose ACL already
// admits only the user (and administrators).
func ensurePrivateDir(dir string) error { return os.MkdirAll(dir, 0o700) }
