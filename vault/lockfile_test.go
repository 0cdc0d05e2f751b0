package vault_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/vault"
)

const lockHelperEnv = "VAULTBAR_TEST_LOCK_HOLDER" // dir:name for TestLockOfDeadProcessNeverBlocks

// TestMain runs the tests, or, started by TestLockOfDeadProcessNeverBlocks with
// lockHelperEnv set, is the other process: it takes the lock, says so on stdout and waits
// to be killed.
func TestMain(m *testing.M) {
	if spec := os.Getenv(lockHelperEnv); spec != "" {
		dir, name := filepath.Split(spec)
		if _, _, err := vault.FileLocks(dir)(context.Background(), name); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Stdout.WriteString("locked\n")
		_, _ = os.Stdin.Read(make([]byte, 1)) // until killed
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// A lock held by another process is waited for, but the wait ends with ctx; once that
// process is killed (no chance to unlock) the lock is free at once.
func TestLockOfDeadProcessNeverBlocks(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "locks")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+filepath.Join(dir, "x.lock"))
	stdin, err := cmd.StdinPipe()
	must(t, err)
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("holder process said %q (%v)", line, err)
	}

	lock := vault.FileLocks(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, _, err := lock(ctx, "x.lock"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("lock held by a live process: %v, want the wait to end with ctx", err)
	}

	must(t, cmd.Process.Kill())
	_ = cmd.Wait()
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	unlock, waited, err := lock(ctx, "x.lock")
	if err != nil || waited {
		t.Fatalf("lock of a killed process: waited %v, %v; want it free at once", waited, err)
	}
	unlock()
}

// Vaults that share a keyring but nothing in memory, as separate processes do, make one STS
// call between them when they all find the cache empty at once: the refresh is shared
// through the lock file, and the others re-read the session it stored.
func TestSeparateVaultsShareOneRefreshThroughTheLock(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	locks := vault.FileLocks(filepath.Join(t.TempDir(), "locks"))
	release := r.fake.STS.Hold()
	const n = 20
	errs := make([]error, n)
	keys := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		v := vault.New(vault.NewStore(r.kr, time.Now), vault.Options{
			Env: vault.Env{"AWS_ENDPOINT_URL_STS": r.fake.URL}, Lock: locks})
		p := r.profile("bob", vault.Overrides{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := v.Credentials(context.Background(), p, vault.CredentialOptions{})
			keys[i], errs[i] = c.AccessKeyID, err
		}()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	must(t, r.fake.STS.WaitForCalls(ctx, "GetSessionToken", 1))
	release()
	wg.Wait()
	for i := range n {
		if errs[i] != nil || keys[i] != keys[0] {
			t.Fatalf("vault %d: key %s, %v; vault 0 got %s", i, keys[i], errs[i], keys[0])
		}
	}
	if got := len(r.fake.STS.CallsFor("GetSessionToken")); got != 1 {
		t.Errorf("GetSessionToken calls = %d from %d vaults, want 1", got, n)
	}
}

// The lock directory is kept user-only: created 0700, tightened when it is wider, and
// refused when it belongs to someone else (who could otherwise hold every lock).
func TestLockDirIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix permissions")
	}
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "locks")
	unlock, _, err := vault.FileLocks(dir)(ctx, "a.lock")
	must(t, err)
	unlock()
	assertMode(t, dir, 0o700)
	assertMode(t, filepath.Join(dir, "a.lock"), 0o600)

	must(t, os.Chmod(dir, 0o777))
	unlock, _, err = vault.FileLocks(dir)(ctx, "a.lock")
	must(t, err)
	unlock()
	assertMode(t, dir, 0o700)

	if os.Getuid() != 0 {
		return // chown needs root; CI runs as root
	}
	must(t, os.Chown(dir, 65534, 65534))
	if _, _, err := vault.FileLocks(dir)(ctx, "a.lock"); err == nil || vault.Hint(err) == "" {
		t.Errorf("lock in a directory owned by another user: %v, want an error with a hint", err)
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	must(t, err)
	if got := st.Mode().Perm(); got != want {
		t.Errorf("%s: mode %o, want %o", path, got, want)
	}
}
