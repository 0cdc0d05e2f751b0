//go:build unix

package filelock

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// O_NOFOLLOW: a lock file that is a symlink is refused rather than followed.
const openFlags = unix.O_NOFOLLOW | unix.O_CLOEXEC

func tryLock(f *os.File) (bool, error) {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.EWOULDBLOCK), errors.Is(err, unix.EINTR):
		return false, nil
	}
	return false, err
}

func release(f *os.File) { _ = unix.Flock(int(f.Fd()), unix.LOCK_UN) }
