//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/vaultbar/vaultbar/control"
	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/panel"
)

// Clicking "Start at login" writes the XDG autostart entry; Debian's dex, run on the autostart
// directory as a session runs it at login, starts the binary under test (a new process that
// answers on the control socket and shows the checkbox checked, read from the system); clicking
// it there removes the entry, and dex then finds nothing to start.
func TestE2EAppStartAtLoginWithDex(t *testing.T) {
	dex := e2e.Tool(t, "dex")
	a := startApp(t, "XDG_CONFIG_DIRS="+filepath.Join(t.TempDir(), "no-system-dirs"))
	autostartDir := filepath.Join(a.w.dir, "xdg-config", "autostart")
	entry := filepath.Join(autostartDir, "vaultbar.desktop")

	if n := a.item("", "Start at login"); !n.Checkmark || n.Checked {
		t.Fatalf("Start at login = %+v, want an unchecked checkbox", n)
	}
	if _, err := os.Stat(entry); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("an entry exists before the click: %v", err)
	}
	a.click("", "Start at login")
	waitChecked(t, a.menu, true)
	data, err := os.ReadFile(entry)
	must(t, err)
	if !strings.Contains(string(data), "\nTryExec="+a.w.vaultbar+"\n") {
		t.Errorf("the entry does not start the binary under test %s:\n%s", a.w.vaultbar, data)
	}
	if got := dexRun(t, dex, a.cmd.Env, "-a", "-d", "-s", autostartDir); got != "Executing command: "+a.w.vaultbar+"\n" {
		t.Errorf("dex -a -d lists %q, want the binary under test", got)
	}

	// One app at a time (the control socket): quit the first from its menu, then log in.
	first := a.cmd.Process.Pid
	a.click("", "Quit")
	select {
	case err := <-a.exited:
		a.stopped = true
		if err != nil {
			t.Fatalf("Quit: the app exited with %v\n%s", err, a.stderr)
		}
	case <-time.After(appWait):
		t.Fatalf("the app did not quit\n%s", a.stderr)
	}
	dexRun(t, dex, a.cmd.Env, "-a", "-s", autostartDir)

	dir := filepath.Join(a.w.dir, "xdg-runtime", "vaultbar")
	var info struct{ PID int }
	panel.Poll(t, appWait, "the app dex started to answer on the control socket", func() (bool, string) {
		c, err := control.Dial(context.Background(), dir)
		if err == nil {
			err = c.Call(context.Background(), "ping", nil, &info)
		}
		return err == nil, fmt.Sprint(err)
	})
	t.Cleanup(func() { endByPID(t, info.PID) }) // not our child: dex started it
	if info.PID == first || info.PID == 0 {
		t.Fatalf("the app answering has pid %d, the first app's was %d", info.PID, first)
	}
	if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", info.PID)); err != nil || exe != a.w.vaultbar {
		t.Errorf("the started app runs %q (%v), want %s", exe, err, a.w.vaultbar)
	}

	var reg panel.Registration
	select {
	case reg = <-a.watcher.Registered():
	case <-time.After(appWait):
		t.Fatal("the app dex started never showed its icon")
	}
	menu := panel.Menu(t, a.conn, reg)
	waitChecked(t, menu, true) // read from the system by a process that never saw the click
	panel.ClickPath(t, menu, appWait, "Start at login")
	waitChecked(t, menu, false)
	if _, err := os.Stat(entry); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the second click left the entry: %v", err)
	}
	if names, _ := os.ReadDir(autostartDir); len(names) != 0 {
		t.Errorf("the autostart directory still holds %v", names)
	}
	if got := dexRun(t, dex, a.cmd.Env, "-a", "-d", "-s", autostartDir); got != "" {
		t.Errorf("dex -a -d lists %q after the second click, want nothing", got)
	}
}

// waitChecked waits until the menu's "Start at login" is checked (or not).
func waitChecked(t *testing.T, menu dbus.BusObject, want bool) {
	t.Helper()
	panel.Poll(t, appWait, fmt.Sprintf("Start at login checked=%v", want), func() (bool, string) {
		_, root := panel.Layout(t, menu)
		n, ok := root.Find("Start at login")
		return ok && n.Checkmark && n.Checked == want, root.Describe()
	})
}

// dexRun runs dex with env and returns its output. Output goes to a file, not a pipe: the app
// dex starts inherits it and would hold a pipe open for as long as it runs.
func dexRun(t *testing.T, dex string, env []string, args ...string) string {
	t.Helper()
	out, err := os.CreateTemp(t.TempDir(), "dex-out")
	must(t, err)
	defer out.Close()
	ctx, cancel := context.WithTimeout(context.Background(), appWait)
	defer cancel()
	cmd := exec.CommandContext(ctx, dex, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, out, out
	if err := cmd.Run(); err != nil {
		b, _ := os.ReadFile(out.Name())
		t.Fatalf("dex %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	b, err := os.ReadFile(out.Name())
	must(t, err)
	return string(b)
}

// endByPID ends a process that is not our child with SIGTERM and waits until it is gone.
func endByPID(t *testing.T, pid int) {
	if pid <= 0 {
		return
	}
	_ = syscall.Kill(pid, syscall.SIGTERM)
	panel.Poll(t, appWait, fmt.Sprintf("pid %d to exit", pid), func() (bool, string) {
		err := syscall.Kill(pid, 0)
		return errors.Is(err, syscall.ESRCH), fmt.Sprint(err)
	})
}
