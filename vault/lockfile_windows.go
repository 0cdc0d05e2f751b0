//go:build windows

package vault

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

const lockOpenFlags = 0

func tryLockFile(f *os.File) (bool, error) {
	err := windows.LockFileEx(windows.Handle(f.Fd()),
		windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &windows.Overlapped{})
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, windows.ERROR_LOCK_VIOLATION), errors.Is(err, windows.ERROR_IO_PENDING):
		return false, nil
	}
	return false, err
}

func unlockFile(f *os.File) {
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, &windows.Overlapped{})
}

// ensurePrivateDir creates dir. On Windows it lives under %LOCALAPPDATA%, whose ACL already
// admits only the user (and administrators).
func ensurePrivateDir(dir string) error { return os.MkdirAll(dir, 0o700) }
