//go:build unix

package control

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// privateDir creates dir 0700, or checks one that exists and tightens its mode.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return withHint(fmt.Errorf("create %s: %w", dir, err), "check that its parent exists and is yours")
	}
	mode, err := statDir(dir)
	if err != nil {
		return err
	}
	if mode&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("make %s private: %w", dir, err)
		}
	}
	return nil
}

// checkDir checks, without changing anything, that dir is a directory of this user; an
// absent one gives an error wrapping fs.ErrNotExist.
func checkDir(dir string) error {
	_, err := statDir(dir)
	return err
}

// statDir refuses anything but a real directory (no symlink) that this user owns: another
// user could replace the socket in theirs. It returns the permission bits.
func statDir(dir string) (uint32, error) {
	var st unix.Stat_t
	if err := unix.Lstat(dir, &st); err != nil {
		return 0, fmt.Errorf("%s: %w", dir, err)
	}
	switch {
	case st.Mode&unix.S_IFMT == unix.S_IFLNK:
		return 0, withHint(fmt.Errorf("%s is a symlink", dir), "remove it: vaultbar makes its own directory there")
	case st.Mode&unix.S_IFMT != unix.S_IFDIR:
		return 0, withHint(fmt.Errorf("%s is not a directory", dir), "remove it: vaultbar makes its own directory there")
	case int(st.Uid) != os.Geteuid():
		return 0, withHint(fmt.Errorf("%s belongs to uid %d, not to you", dir, st.Uid),
			"remove it, or set XDG_RUNTIME_DIR (TMPDIR on macOS) to a directory of yours")
	}
	return uint32(st.Mode) & 0o777, nil
}

// restrictSocket makes the socket file owner-only (the directory already is) and returns it.
func restrictSocket(path string) (os.FileInfo, error) {
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, err
	}
	return os.Lstat(path)
}

// stale reports whether a failed connect means that nothing listens: no file, a socket
// nobody accepts on (ECONNREFUSED), or a file that is no stream socket.
func stale(err error) bool {
	for _, e := range []error{syscall.ENOENT, syscall.ECONNREFUSED, syscall.ENOTSOCK, syscall.EPROTOTYPE} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
