package login

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// The default browser through the real xdg-open, with a recording browser as $BROWSER (the
// generic desktop: no DISPLAY, no desktop name). Whichever path Launch takes — pkg/browser
// when the process environment has no AWS_* variable, its own launcher when it has — the
// browser never sees an AWS_* variable, and sees the rest.
func TestE2EDefaultBrowserGetsNoAWSEnv(t *testing.T) {
	xdgOpen := e2e.Tool(t, "xdg-open")
	dir := t.TempDir()
	rec := filepath.Join(dir, "browser")
	if err := os.WriteFile(rec, []byte("#!/bin/sh\nenv > \"$OUT.tmp\" && echo \"url=$1\" >> \"$OUT.tmp\" && mv \"$OUT.tmp\" \"$OUT\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"DISPLAY", "WAYLAND_DISPLAY", "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID"} {
		t.Setenv(k, "")
		_ = os.Unsetenv(k)
	}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(strings.ToUpper(k), "AWS_") {
			t.Setenv(k, "")
			_ = os.Unsetenv(k)
		}
	}
	t.Setenv("BROWSER", rec)
	t.Setenv("KEEP_ME", "kept")
	url := "http://127.0.0.1:4242/once"

	for _, tt := range []struct {
		name       string
		processAWS bool // an AWS_* variable in Vaultbar's own environment
		viaPkg     bool // pkg/browser opens it (Launch returns pid 0)
	}{
		{"clean process environment: pkg/browser", false, true},
		{"AWS_* in the process environment: own launcher", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "env")
			t.Setenv("OUT", out)
			if tt.processAWS {
				t.Setenv("AWS_SECRET_ACCESS_KEY", "leaked-secret")
			}
			env := append(os.Environ(), "AWS_SESSION_TOKEN=leaked-token") // the caller's AWS_* too
			pid, err := Launch(context.Background(), []string{xdgOpen, url}, env)
			if err != nil {
				t.Fatal(err)
			}
			if got := pid == 0; got != tt.viaPkg {
				t.Errorf("Launch returned pid %d: through pkg/browser %v, want %v", pid, got, tt.viaPkg)
			}
			got := waitFile(t, out)
			if strings.HasPrefix(got, "AWS_") || strings.Contains(got, "\nAWS_") || strings.Contains(got, "leaked") {
				t.Errorf("the browser got AWS_* variables:\n%s", got)
			}
			if !strings.Contains(got, "KEEP_ME=kept\n") || !strings.Contains(got, "url="+url+"\n") {
				t.Errorf("the browser did not get the rest of the environment and the URL:\n%s", got)
			}
		})
	}
}

// waitFile polls for the file a child process writes last (renamed into place).
func waitFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(path); err == nil {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the browser wrote nothing to %s within 10s", path)
		}
		<-tick.C
	}
}
