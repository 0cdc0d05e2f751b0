package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// debVersion runs packaging/linux/debversion.sh in dir with args.
func debVersion(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("/bin/bash", append([]string{e2e.RepoPath(t, "packaging/linux/debversion.sh")}, args...)...)
	cmd.Dir = dir
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

// Git versions become Debian versions that dpkg orders as releases go: a pre-release before
// its release, builds after a tag after it, untagged builds by their commit count and before
// any release; a version dpkg could misread is refused.
func TestDebVersion(t *testing.T) {
	repo := t.TempDir()
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.org"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q")
	for range 3 {
		git("commit", "-q", "--allow-empty", "-m", "x")
	}
	for in, want := range map[string]string{
		"v1.2.3":                  "1.2.3",
		"1.2.3":                   "1.2.3",
		"v1.2.3-rc1":              "1.2.3~rc1",
		"v1.2.3-dirty":            "1.2.3+dirty",
		"v1.2.3-4-gabc1234":       "1.2.3+4.gabc1234",
		"v1.2.3-4-gabc1234-dirty": "1.2.3+4.gabc1234.dirty",
		"v1.2.3-rc1-4-gabc1234":   "1.2.3~rc1+4.gabc1234",
		"5291b87":                 "0.0.0~git3.5291b87", // 3 commits in repo
		"abc1234-dirty":           "0.0.0~git3.abc1234.dirty",
		"dev":                     "0.0.0~dev",
	} {
		if got, err := debVersion(t, repo, in); err != nil || got != want {
			t.Errorf("debversion.sh %s = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"v1-2-gabc", "a b", "1.0_x", ""} {
		if got, err := debVersion(t, repo, bad); err == nil {
			t.Errorf("debversion.sh %q = %q, want a refusal", bad, got)
		}
	}
	ordered := []string{"0.0.0~dev", "0.0.0~git9.fff", "0.0.0~git10.aaa", "1.2.3~rc1", "1.2.3", "1.2.3+4.gabc1234", "1.2.4"}
	for i := 1; i < len(ordered); i++ {
		if err := exec.Command("dpkg", "--compare-versions", ordered[i-1], "lt", ordered[i]).Run(); err != nil {
			t.Errorf("dpkg does not order %s before %s: %v", ordered[i-1], ordered[i], err)
		}
	}

	// Without an argument it describes the repository it runs in.
	git("tag", "v0.3.0")
	if got, err := debVersion(t, repo); err != nil || got != "0.3.0" {
		t.Errorf("debversion.sh in a repository tagged v0.3.0 = %q, %v; want 0.3.0", got, err)
	}
	if err := os.WriteFile(filepath.Join(repo, "f"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", "f")
	if got, err := debVersion(t, repo); err != nil || got != "0.3.0+dirty" {
		t.Errorf("debversion.sh with a staged change = %q, %v; want 0.3.0+dirty", got, err)
	}
}
