//go:build unix

package login

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A browser that cannot start (no display) is reported as soon as it exits: its status and
// what it said on stderr, without the URL it was given.
func TestLaunchReportsAnErrorExit(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where its stderr goes, to see that nothing is left there
	browser := filepath.Join(t.TempDir(), "chromium")
	script := "#!/bin/sh\necho 'starting' >&2\necho \"Missing X server or \\$DISPLAY; cannot open $1\" >&2\nexit 1\n"
	if err := os.WriteFile(browser, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, exited := WithExitWatch(context.Background())
	url := "http://127.0.0.1:4242/one-time-secret-path"
	if _, err := Launch(ctx, []string{browser, url}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		msg := err.Error()
		if !errors.Is(err, ErrBrowserExited) || !strings.Contains(msg, "exit status 1") ||
			!strings.Contains(msg, "Missing X server or $DISPLAY") || !strings.Contains(msg, "starting") {
			t.Errorf("exit reported as %q, want the status and stderr", msg)
		}
		if strings.Contains(msg, "one-time-secret-path") {
			t.Errorf("the error repeats the URL: %q", msg)
		}
	case <-time.After(10 * time.Second): // a bound for a broken build, not a sleep
		t.Fatal("an error exit was not reported")
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "vaultbar-browser-*.log")); len(left) != 0 {
		t.Errorf("stderr files left behind: %q", left)
	}
}
