package vault

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// LockFunc takes the cross-process lock called name, waiting until it is free or ctx ends,
// and returns the function that releases it. waited reports that another process held it
// first, i.e. probably just did what the caller was about to do.
type LockFunc func(ctx context.Context, name string) (unlock func(), waited bool, err error)

// Lock files are polled rather than waited on in the kernel: a blocked flock or LockFileEx
// cannot be interrupted when ctx ends. The wait starts short, because the usual holder is
// another `vaultbar env` re-reading the keyring for a few milliseconds.
const (
	lockPollFirst = time.Millisecond
	lockPollMax   = 20 * time.Millisecond
)

// FileLocks returns a LockFunc over lock files in dir, which is created user-only (0700)
// and must not be reachable by other users. Locks are advisory and per open file (flock
// on Unix, LockFileEx on Windows), so a lock dies with the process that held it: a crashed
// or killed holder never blocks anyone. Lock files are kept: removing one while another
// process waits on it would let two processes hold "the same" lock.
func FileLocks(dir string) LockFunc {
	return func(ctx context.Context, name string) (func(), bool, error) {
		if err := ensurePrivateDir(dir); err != nil {
			return nil, false, WithHint(fmt.Errorf("lock %s: %w", dir, err),
				"make %s a directory only you can use (chmod 700), or remove it", dir)
		}
		f, err := openLockFile(filepath.Join(dir, name))
		if err != nil {
			return nil, false, fmt.Errorf("open lock file: %w", err)
		}
		wait := lockPollFirst
		for waited := false; ; waited = true {
			ok, err := tryLockFile(f)
			if err != nil {
				f.Close()
				return nil, false, fmt.Errorf("lock %s: %w", f.Name(), err)
			}
			if ok {
				return func() { unlockFile(f); f.Close() }, waited, nil
			}
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				f.Close()
				return nil, false, fmt.Errorf("wait for another vaultbar refreshing the same session: %w", ctx.Err())
			case <-t.C:
			}
			wait = min(2*wait, lockPollMax)
		}
	}
}

// lockName is the lock file name of one cached session in one keyring: a hash, so that
// any profile name is a safe file name and the names say nothing about profiles.
func lockName(keyringWhere string, key SessionKey) string {
	sum := sha256.Sum256([]byte(keyringWhere + "\x00" + key.MatchPrefix()))
	return "session-" + hex.EncodeToString(sum[:16]) + ".lock"
}

// lockSession takes the cross-process lock of key's session, or does nothing when the Vault
// has no LockFunc.
func (v *Vault) lockSession(ctx context.Context, key SessionKey) (func(), bool, error) {
	if v.lock == nil {
		return func() {}, false, nil
	}
	return v.lock(ctx, lockName(v.store.where, key))
}

func openLockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|lockOpenFlags, 0o600)
}
