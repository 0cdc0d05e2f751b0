package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// EvalShell has the real shell evaluate out as a user would (eval "$(vaultbar env)", source,
// set -a; . .env) in an empty directory, and returns the values of names. A file appearing in
// the directory means out ran a command.
func EvalShell(t testing.TB, shell, format, out string, names ...string) []string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "out")
	if err := os.WriteFile(file, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	var script string
	switch format {
	case "export", "env":
		script = `eval "$(cat out)"`
	case "dotenv":
		script = `set -a; . ./out; set +a`
	case "fish":
		script = `source out`
	default:
		t.Fatalf("no shell evaluates format %s", format)
	}
	script += "; printf '%s\\0'"
	for _, n := range names {
		script += ` "$` + n + `"`
	}
	cmd := exec.Command(shell, "-c", script)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()} // fish writes its config there
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s evaluating --format=%s: %v\n%s", shell, format, err, out)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("%s evaluating --format=%s created files: %v\n%s", shell, format, entries, out)
	}
	values := strings.Split(string(got), "\x00")
	return values[:len(values)-1]
}
