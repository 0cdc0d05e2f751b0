// Package filelock takes exclusive locks on lock files across processes: advisory and per
// open file (flock on Unix, LockFileEx on Windows), so a lock dies with the process that
// held it and a crashed holder never blocks anyone. vault's session locks and control's
// start-up lock use it.
package filelock

import (
	"context"
	"fmt"
	"os"
	"time"
)

// Lock files are polled rather than waited on in the kernel: a blocked flock or LockFileEx
// cannot be interrupted when ctx ends. The wait starts short, because the usual holder is
// another vaultbar process busy for a few milliseconds.
const (
	pollFirst = time.Millisecond
	pollMax   = 20 * time.Millisecond
)

// Lock takes the exclusive lock of the file at path, creating it 0600 (a symlink is
// refused on Unix), and waits until it is free or ctx ends; then it returns ctx's cause
// unwrapped. waited reports that another process held it first. The caller keeps the file:
// removing a lock file while another process waits on it would let two processes hold
// "the same" lock.
func Lock(ctx context.Context, path string) (unlock func(), waited bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|openFlags, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("open lock file: %w", err)
	}
	wait := pollFirst
	for waited := false; ; waited = true {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, false, fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			return func() { release(f); f.Close() }, waited, nil
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, false, context.Cause(ctx)
		case <-t.C:
		}
		wait = min(2*wait, pollMax)
	}
}
