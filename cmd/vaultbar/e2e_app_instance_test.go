//go:build linux

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// Without XDG_RUNTIME_DIR, another user who creates the lock directory the app used to take
// in the shared temp directory ($TMPDIR/vaultbar-UID) cannot keep it from starting, and a
// second start still finds the first.
func TestE2EAppStartsDespiteSquattedTempDir(t *testing.T) {
	e2e.Require(t)
	e2e.Root(t)
	shared, err := os.MkdirTemp("", "vaultbar-shared-tmp") // stands for /tmp: anyone may create in it
	must(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(shared) })
	must(t, os.Chmod(shared, 0o1777))
	squat := filepath.Join(shared, "vaultbar-"+strconv.Itoa(os.Getuid()))
	if out, err := exec.Command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
		"mkdir", "-m", "0777", squat).CombinedOutput(); err != nil {
		t.Fatalf("squat %s as nobody: %v: %s", squat, err, out)
	}

	a := startApp(t, "XDG_RUNTIME_DIR=", "TMPDIR="+shared)

	ctx, cancel := context.WithTimeout(t.Context(), appWait)
	defer cancel()
	second := exec.CommandContext(ctx, a.w.vaultbar)
	second.Env = a.cmd.Env
	out, err := second.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "already running") {
		t.Errorf("a second start: %v, %q; want exit 0 saying it is already running", err, out)
	}
}
