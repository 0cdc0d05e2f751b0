package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// thief is testdata/thief running as another user (nobody), built where that user can run it.
type thief struct {
	cmd   *exec.Cmd
	stdin io.Closer
	lines chan string
}

// startThief builds the thief and starts it as nobody, watching for browsers whose command
// line contains marker; it returns once the thief polls. Running a second user needs root:
// without it the test skips locally and fails in CI.
func startThief(t *testing.T, marker string) *thief {
	t.Helper()
	e2e.Root(t) // the thief runs as a second user
	setpriv := e2e.Tool(t, "setpriv")
	dir, err := os.MkdirTemp("", "vaultbar-thief")
	must(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	must(t, os.Chmod(dir, 0o755)) // nobody must be able to run what is inside
	bin := filepath.Join(dir, "thief")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/thief").CombinedOutput(); err != nil {
		t.Fatalf("build the thief: %v\n%s", err, out)
	}
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin, marker)
	stdin, err := cmd.StdinPipe()
	must(t, err)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	cmd.Stderr = os.Stderr
	must(t, cmd.Start())
	th := &thief{cmd: cmd, stdin: stdin, lines: make(chan string, 100)}
	t.Cleanup(func() { th.stop() })
	go func() {
		defer close(th.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			th.lines <- sc.Text()
		}
	}()
	if ready := <-th.lines; ready != "ready uid=65534" {
		t.Fatalf("thief started with %q, want ready as uid 65534", ready)
	}
	return th
}

// stop ends the thief and returns the outcomes it reported.
func (th *thief) stop() []string {
	if th.stdin != nil {
		_ = th.stdin.Close()
		th.stdin = nil
	}
	var out []string
	for l := range th.lines {
		out = append(out, l)
	}
	_ = th.cmd.Wait()
	return out
}

// Another local user polling command lines sees the one-time address the browser is given
// and fetches it as fast as it can; it is refused every time and never obtains the sign-in
// token, and the user's own Chromium still signs in. (Before the redirect checked who
// connected, the thief won every time and the browser got "connection refused".)
func TestE2EConsoleOtherUserCannotTakeSignin(t *testing.T) {
	w, env, data, exits := consoleWorld(t)

	const rounds = 3
	for round := 1; round <= rounds; round++ {
		th := startThief(t, data)
		mustRun(t)(w.runTool(w.vaultbar, env, "console", "team-a", "--browser=chromium"))
		waitFiles(t, exits, round)
		got := th.stop()
		t.Logf("round %d: the thief reported %q", round, got)
		if !slices.Contains(got, "saw address") {
			t.Fatalf("round %d: the thief never saw the browser's address (%q), so it did not compete", round, got)
		}
		if slices.Contains(got, "token") || slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "status 3") }) {
			t.Errorf("round %d: the thief obtained the sign-in: %q", round, got)
		}
		if !slices.Contains(got, "status 403") {
			t.Errorf("round %d: the thief's requests were not refused with 403: %q", round, got)
		}
		if logins := w.fake.Signin.Logins(); len(logins) != round {
			t.Fatalf("round %d: %d console logins, want %d: the user's browser did not sign in", round, len(logins), round)
		}
	}
	for _, hit := range w.fake.Signin.ConsoleHits() {
		if !hit.SignedIn {
			t.Errorf("console page hit %+v, want signed in", hit)
		}
	}
	if hits := w.fake.Signin.ConsoleHits(); len(hits) != rounds {
		t.Errorf("%d console page hits, want %d", len(hits), rounds)
	}
}
