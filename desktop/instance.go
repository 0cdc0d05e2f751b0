package desktop

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrAlreadyRunning is returned by Acquire while another instance holds the lock.
var ErrAlreadyRunning = errors.New("vaultbar is already running")

// lockName is the lock file in Acquire's directory.
const lockName = "vaultbar.lock"

// Acquire makes this process the only running instance for dir, a directory only the user
// may enter (it is created mode 0700; the caller picks it under $XDG_RUNTIME_DIR or the
// user's cache directory). While another process, or an unreleased Acquire in this one,
// holds it, Acquire returns ErrAlreadyRunning. The lock goes with the process, so a crash
// leaves nothing to clean up; release frees it earlier.
func Acquire(dir string) (release func(), err error) {
	if err := privateDir(dir); err != nil {
		return nil, fmt.Errorf("single instance: %w", err)
	}
	release, err = lock(filepath.Join(dir, lockName))
	if err != nil && !errors.Is(err, ErrAlreadyRunning) {
		return nil, fmt.Errorf("single instance: %w", err)
	}
	return release, err
}

// privateDir creates dir with mode 0700, or checks that it is a directory and makes it so.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if err := checkOwner(dir, fi); err != nil {
		return err
	}
	if fi.Mode().Perm() != 0o700 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}
