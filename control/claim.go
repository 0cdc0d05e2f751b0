package control

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/vaultbar/vaultbar/internal/filelock"
)

// lockName is the lock file next to the socket. It is kept: removing it while another
// start waits on it would let two starts hold "the" lock.
const lockName = "control.lock"

// claim binds the socket at path under the directory lock, after clearing a stale one.
// The returned FileInfo is the bound socket file, for Close to recognise it.
func claim(ctx context.Context, dir, path string, probe time.Duration) (net.Listener, os.FileInfo, error) {
	unlock, err := lockDir(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	if err := clearStale(ctx, path, probe); err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		err = fmt.Errorf("listen on %s: %w", path, err)
		if len(path) > 100 { // sun_path holds 104 bytes on macOS, 108 on Linux
			err = withHint(err, "the path is too long for a socket: use a shorter XDG_RUNTIME_DIR or TMPDIR")
		}
		return nil, nil, err
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false) // Close removes it only while it is still ours
	bound, err := restrictSocket(path)
	if err != nil {
		_ = ln.Close()
		_ = os.Remove(path)
		return nil, nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	return ln, bound, nil
}

// clearStale leaves path free to bind: absent, or removed because nothing answers on it.
func clearStale(ctx context.Context, path string, probe time.Duration) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.IsDir():
		return withHint(fmt.Errorf("%s is a directory, not vaultbar's socket", path), "remove it")
	}
	err = (&Client{path: path}).ping(ctx, probe)
	_, answered := errors.AsType[*RemoteError](err)
	switch {
	case err == nil, answered, errors.Is(err, ErrVersion):
		return ErrAlreadyRunning
	case !errors.Is(err, ErrNotRunning):
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return withHint(fmt.Errorf("remove the stale socket: %w", err), "remove %s", path)
	}
	return nil
}

// lockDir takes the exclusive lock of dir's lock file, waiting until it is free or ctx ends.
// Its holder is another start probing and binding: milliseconds, a probe timeout at most.
func lockDir(ctx context.Context, dir string) (unlock func(), err error) {
	unlock, _, err = filelock.Lock(ctx, filepath.Join(dir, lockName))
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("wait for another vaultbar starting: %w", err)
	}
	return unlock, err
}
