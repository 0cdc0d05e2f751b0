package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Without a D-Bus session bus the app exits at once with one line that says what is missing.
// (It used to wait silently, and panic in fyne.io/systray when a SIGTERM then ended it.)
func TestAppWithoutSessionBus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, address, want string
	}{
		{"unset", "", "no d-bus session bus"},
		{"unreachable", "unix:path=" + filepath.Join(t.TempDir(), "no-bus"), "cannot be reached"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cmd := exec.Command(vaultbarBinary(t))
			cmd.Env = []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "XDG_RUNTIME_DIR=" + filepath.Join(dir, "run"),
				"AWS_CONFIG_FILE=" + filepath.Join(dir, "config"), "AWS_VAULT_BACKEND=file",
				"AWS_VAULT_FILE_DIR=" + filepath.Join(dir, "keys")}
			if tc.address != "" {
				cmd.Env = append(cmd.Env, "DBUS_SESSION_BUS_ADDRESS="+tc.address)
			} else if _, err := os.Stat("/run/user/" + strconv.Itoa(os.Getuid()) + "/bus"); err == nil {
				t.Skip("this machine's /run/user/UID/bus is found without the variable")
			}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			must(t, cmd.Start())
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			var err error
			select {
			case err = <-exited:
			case <-time.After(appWait):
				_ = cmd.Process.Signal(syscall.SIGTERM)
				select {
				case <-exited:
				case <-time.After(appWait):
					_ = cmd.Process.Kill()
					<-exited
				}
				t.Fatalf("the app still ran after %v; after SIGTERM its output is %q", appWait, &out)
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				t.Errorf("exit %v, want 1; output %q", err, &out)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "vaultbar: ") || !strings.Contains(lines[0], tc.want) ||
				!strings.Contains(lines[0], "dbus-run-session") {
				t.Errorf("output %q, want one line saying %q with a hint to use dbus-run-session", &out, tc.want)
			}
		})
	}
}
