//go:build unix

package vault

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// O_NOFOLLOW: a lock file that is a symlink is refused rather than followed.
const lockOpenFlags = unix.O_NOFOLLOW | unix.O_CLOEXEC

func tryLockFile(f *os.File) (bool, error) {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.EWOULDBLOCK), errors.Is(err, unix.EINTR):
		return false, nil
	}
	return false, err
}

func unlockFile(f *os.File) { _ = unix.Flock(int(f.Fd()), unix.LOCK_UN) }

// ensurePrivateDir creates dir 0700 and checks that it is a real directory of this user
// with no access for anyone else (tightening the mode of one we own).
func ensurePrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	var st unix.Stat_t
	if err := unix.Lstat(dir, &st); err != nil {
		return err
	}
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFDIR:
		return errors.New("not a directory")
	case int(st.Uid) != os.Getuid():
		return fmt.Errorf("owned by uid %d, not by you", st.Uid)
	case st.Mode&0o077 != 0:
		return os.Chmod(dir, 0o700)
	}
	return nil
}
