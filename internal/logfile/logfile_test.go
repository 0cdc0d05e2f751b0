package logfile

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestRedactMasksCredentialsAndKeepsWords(t *testing.T) {
	const (
		secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
		token  = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6m"
	)
	path := filepath.Join(t.TempDir(), "TestE2EWordsFailuresAndSuccess2949923477", "failing-browser")
	in := "run " + path + ": get credentials for profile alice: assume role arn:aws:iam::222222222222:role/admin: key ASIAFAKE000000000001 secret " +
		secret + " token " + token + ": operation error STS: AssumeRole"
	got := Redact(in)
	for _, leak := range []string{secret, token, "ASIAFAKE0000"} {
		if strings.Contains(got, leak) {
			t.Errorf("Redact kept %q: %s", leak, got)
		}
	}
	for _, keep := range []string{path, "profile alice", "arn:aws:iam::222222222222:role/admin", "****************0001", "operation error STS: AssumeRole"} {
		if !strings.Contains(got, keep) {
			t.Errorf("Redact dropped %q: %s", keep, got)
		}
	}
}

// The log is the user's alone, stays within about twice its size, and keeps the newest lines.
func TestFileIsPrivateAndBounded(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "vaultbar")
	must(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, "vaultbar.log")
	l, err := Open(path, Options{MaxSize: 1000, Now: func() time.Time { return time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC) }})
	must(t, err)
	defer l.Close()
	for i := range 100 {
		l.Printf("line %03d: copy env for alice failed: %s", i, strings.Repeat("x", 20))
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600, path + ".1": 0o600} {
			st, err := os.Stat(p)
			if err != nil || st.Mode().Perm() != want {
				t.Errorf("%s: %v, %v; want mode %v", p, st.Mode(), err, want)
			}
		}
	}
	cur, err := os.ReadFile(path)
	must(t, err)
	old, err := os.ReadFile(path + ".1")
	must(t, err)
	if len(cur) > 1000 || len(old) > 1000 {
		t.Errorf("the log is %d bytes and the older one %d, want each at most 1000", len(cur), len(old))
	}
	if !strings.HasSuffix(string(cur), "line 099: copy env for alice failed: xxxxxxxxxxxxxxxxxxxx\n") ||
		!strings.HasPrefix(string(cur), "2026-12-03T16:00:00Z line ") {
		t.Errorf("the log ends %q, want the newest line, time-stamped", cur)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
