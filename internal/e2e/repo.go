package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoPath returns the path of rel (slash-separated, relative to the repository root, e.g.
// "packaging/linux/vaultbar.desktop"), found from the test's working directory, so a helper
// reads the same file from any package's tests.
func RepoPath(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, filepath.FromSlash(rel))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above the working directory: cannot find %s", rel)
		}
		dir = parent
	}
}
