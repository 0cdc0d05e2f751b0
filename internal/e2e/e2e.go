// Package e2e holds the policy of Vaultbar's end-to-end tests: tests named TestE2E* that drive
// real parts (tray over D-Bus, gnome-keyring, zenity, clipboard, browsers, the aws-vault CLI)
// inside the private desktop session of scripts/session.sh (run by `make test`).
//
// Outside that session they skip, so a plain `go test ./...` stays green on a laptop. Under
// CI=true a missing session or tool is a failure, never a skip: CI must not pass by testing
// nothing.
package e2e

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// Environment variables set by scripts/session.sh and the Makefile.
const (
	SessionEnv  = "VAULTBAR_SESSION"   // "1" inside scripts/session.sh
	AWSVaultEnv = "VAULTBAR_AWS_VAULT" // path of the aws-vault CLI built by scripts/aws-vault.sh
)

// CI reports whether missing prerequisites are failures: CI is set to a true value.
func CI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// Require stops t unless it runs inside the desktop session: a skip locally, a failure in CI.
func Require(t testing.TB) {
	t.Helper()
	if os.Getenv(SessionEnv) != "1" {
		missing(t, "no desktop session (%s=1 unset): run it with `make test` or scripts/session.sh --collection awsvault -- go test ...", SessionEnv)
	}
}

// AWSVault requires the session and returns the path of the real aws-vault CLI from
// $VAULTBAR_AWS_VAULT; without it the test skips locally and fails in CI.
func AWSVault(t testing.TB) string {
	t.Helper()
	Require(t)
	path := os.Getenv(AWSVaultEnv)
	if path == "" {
		missing(t, "%s unset: build aws-vault with scripts/aws-vault.sh and pass its path", AWSVaultEnv)
		return ""
	}
	if _, err := exec.LookPath(path); err != nil {
		missing(t, "%s: %v", AWSVaultEnv, err)
	}
	return path
}

// Tool returns the path of the program name (xclip, xdotool, zenity, chromium, ...) from PATH;
// without it the test skips locally and fails in CI (scripts/deps.sh installs them all).
func Tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		missing(t, "%s not installed (run scripts/deps.sh): %v", name, err)
	}
	return path
}

// Refuse stops t when running it would change what the test does not own (a package of
// the same name already installed, say): a skip locally, a failure in CI, whose machine is
// the tests' own.
func Refuse(t testing.TB, format string, args ...any) {
	t.Helper()
	missing(t, format, args...)
}

func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if CI() {
		t.Fatalf("CI=true: "+format, args...)
	}
	t.Skipf(format, args...)
}

// Root stops t unless it runs as root, which a test playing another local user (setpriv to
// nobody) needs: a skip locally, a failure in CI, where the tests run as root.
func Root(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		missing(t, "running a second user needs root")
	}
}
