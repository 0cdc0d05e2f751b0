//go:build darwin || linux || freebsd || netbsd || openbsd

package desktop

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"syscall"
)

// lock holds an exclusive flock on path. flock belongs to the open file, so a second lock
// fails even within one process, and the kernel drops it when the process dies.
func lock(path string) (release func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrAlreadyRunning
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// The file stays: removing it would let a third process lock a new file while a second
	// still waits on the old one.
	return sync.OnceFunc(func() { f.Close() }), nil
}

// checkOwner refuses a directory another user owns: they could read or replace the lock.
func checkOwner(dir string, fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("%s belongs to uid %d, not to us", dir, st.Uid)
	}
	return nil
}
