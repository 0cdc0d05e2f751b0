package vault

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/vaultbar/vaultbar/internal/filelock"
)

// LockFunc takes the cross-process lock called name, waiting until it is free or ctx ends,
// and returns the function that releases it. waited reports that another process held it
// first, i.e. probably just did what the caller was about to do.
type LockFunc func(ctx context.Context, name string) (unlock func(), waited bool, err error)

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
		unlock, waited, err := filelock.Lock(ctx, filepath.Join(dir, name))
		if err != nil && ctx.Err() != nil {
			return nil, false, fmt.Errorf("wait for another vaultbar refreshing the same session: %w", err)
		}
		return unlock, waited, err
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
