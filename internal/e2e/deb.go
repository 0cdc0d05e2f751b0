package e2e

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// Deb builds the .deb as a release does, with `make deb` (cgo binary, icons, man page,
// nfpm), into a fresh directory that is removed after the test, and returns its path.
// Without make or gcc the test skips locally and fails in CI.
func Deb(t testing.TB) string {
	t.Helper()
	mk := Tool(t, "make")
	Tool(t, "gcc") // the binary is cgo (systray)
	dist := t.TempDir()
	cmd := exec.Command(mk, "--no-print-directory", "-C", RepoPath(t, "."), "deb", "DIST="+dist)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make deb: %v\n%s", err, out)
	}
	debs, err := filepath.Glob(filepath.Join(dist, "vaultbar_*.deb"))
	if err != nil || len(debs) != 1 {
		t.Fatalf("make deb made %q in %s, want one vaultbar_<version>_<arch>.deb (%v)", debs, dist, err)
	}
	return debs[0]
}
