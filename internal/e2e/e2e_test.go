package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// outcome runs f against a recording TB and reports how it ended: "ok", "skip" or "fatal".
func outcome(f func(testing.TB)) (result string) {
	r := &recorder{}
	done := make(chan struct{})
	go func() { // Skipf and Fatalf end the goroutine, as they do in a real test
		defer close(done)
		f(r)
		result = "ok"
	}()
	<-done
	switch {
	case r.fatal:
		return "fatal"
	case r.skip:
		return "skip"
	}
	return result
}

type recorder struct {
	testing.TB  // nil: a call to any method not defined below panics
	skip, fatal bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Skipf(string, ...any)  { r.skip = true; runtime.Goexit() }
func (r *recorder) Fatalf(string, ...any) { r.fatal = true; runtime.Goexit() }

func TestPolicy(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "aws-vault")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ci, session, awsVault string
		f                           func(testing.TB)
		want                        string
	}{
		{"require/local/no session", "", "", "", Require, "skip"},
		{"require/ci/no session", "true", "", "", Require, "fatal"},
		{"require/ci=1/no session", "1", "", "", Require, "fatal"},
		{"require/ci=false/no session", "false", "", "", Require, "skip"},
		{"require/ci/session", "true", "1", "", Require, "ok"},
		{"aws-vault/local/unset", "", "1", "", func(t testing.TB) { AWSVault(t) }, "skip"},
		{"aws-vault/ci/unset", "true", "1", "", func(t testing.TB) { AWSVault(t) }, "fatal"},
		{"aws-vault/ci/not there", "true", "1", exe + ".missing", func(t testing.TB) { AWSVault(t) }, "fatal"},
		{"aws-vault/ci/no session", "true", "", exe, func(t testing.TB) { AWSVault(t) }, "fatal"},
		{"aws-vault/ci/ok", "true", "1", exe, func(t testing.TB) { AWSVault(t) }, "ok"},
		{"tool/local/missing", "", "", "", func(t testing.TB) { Tool(t, "vaultbar-no-such-tool") }, "skip"},
		{"tool/ci/missing", "true", "", "", func(t testing.TB) { Tool(t, "vaultbar-no-such-tool") }, "fatal"},
		{"tool/ci/present", "true", "", "", func(t testing.TB) { Tool(t, "sh") }, "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			t.Setenv(SessionEnv, tt.session)
			t.Setenv(AWSVaultEnv, tt.awsVault)
			if got := outcome(tt.f); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestE2ESession checks the session itself: display, private bus, unlocked awsvault collection.
func TestE2ESession(t *testing.T) {
	Require(t)
	for _, key := range []string{"DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"} {
		if os.Getenv(key) == "" {
			t.Errorf("%s is unset", key)
		}
	}
	out, err := exec.Command(Tool(t, "dbus-send"), "--session", "--print-reply=literal",
		"--dest=org.freedesktop.secrets", "/org/freedesktop/secrets/collection/awsvault",
		"org.freedesktop.DBus.Properties.Get", "string:org.freedesktop.Secret.Collection", "string:Locked").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "boolean false") {
		t.Errorf("awsvault collection not there or locked: %v\n%s", err, out)
	}
	if out, err := exec.Command(Tool(t, "xdpyinfo")).CombinedOutput(); err != nil {
		t.Errorf("xdpyinfo: %v\n%s", err, out)
	}
}

// TestE2EAWSVault checks that the aws-vault CLI under test is the real v7.2.0.
func TestE2EAWSVault(t *testing.T) {
	out, err := exec.Command(AWSVault(t), "--version").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "v7.2.0" {
		t.Errorf("aws-vault --version = %q, %v; want v7.2.0", out, err)
	}
}
