//go:build linux

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/desktop/autostart"
)

// autostartCLI is the command line with its XDG directories in the test's temp dir.
func autostartCLI(t *testing.T) (*cli, string) {
	t.Helper()
	c := newCLI(t, "")
	c.env["XDG_CONFIG_HOME"] = filepath.Join(c.dir, "xdg-config")
	c.env["XDG_CONFIG_DIRS"] = filepath.Join(c.dir, "etc-xdg")
	return c, filepath.Join(c.dir, "xdg-config", "autostart", "vaultbar.desktop")
}

// on, status and off print exactly "on" or "off" (what the next login does) and name the
// entry on stderr; on writes the entry that starts this very binary, off removes it.
func TestAutostartOnStatusOff(t *testing.T) {
	t.Parallel()
	c, entry := autostartCLI(t)
	r := c.run("", "autostart", "status")
	if r.code != 0 || r.out != "off\n" || !strings.Contains(r.err, entry) {
		t.Fatalf("status: exit %d, out %q, err %q; want off, naming %s", r.code, r.out, r.err, entry)
	}
	if got := c.ok("autostart", "on"); got != "on\n" {
		t.Errorf("on printed %q", got)
	}
	data, err := os.ReadFile(entry)
	if err != nil {
		t.Fatalf("on wrote no entry: %v", err)
	}
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	if !strings.Contains(string(data), "\nTryExec="+exe+"\n") {
		t.Errorf("the entry does not start %s:\n%s", exe, data)
	}
	if got := c.ok("autostart", "status"); got != "on\n" {
		t.Errorf("status after on printed %q", got)
	}
	if got := c.ok("autostart", "off"); got != "off\n" {
		t.Errorf("off printed %q", got)
	}
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Errorf("off left the entry: %v", err)
	}
	if got := c.ok("autostart", "status"); got != "off\n" {
		t.Errorf("status after off printed %q", got)
	}
}

// The user's own entry is not deleted: off fails with one line and a hint, and keeps it.
func TestAutostartOffRefusesAForeignEntry(t *testing.T) {
	t.Parallel()
	c, entry := autostartCLI(t)
	mine := "[Desktop Entry]\nType=Application\nName=mine\nExec=vaultbar\n"
	must(t, os.MkdirAll(filepath.Dir(entry), 0o700))
	must(t, os.WriteFile(entry, []byte(mine), 0o644))
	r := c.run("", "autostart", "off")
	if r.code != 1 || r.out != "" || !strings.Contains(r.err, "not written by vaultbar") || !strings.Contains(r.err, "hint: delete it") {
		t.Errorf("off over a foreign entry: exit %d, out %q, err %q", r.code, r.out, r.err)
	}
	if data, _ := os.ReadFile(entry); string(data) != mine {
		t.Errorf("the user's entry changed:\n%s", data)
	}
}

func TestAutostartUsage(t *testing.T) {
	t.Parallel()
	c, entry := autostartCLI(t)
	for _, args := range [][]string{{"autostart"}, {"autostart", "yes"}, {"autostart", "on", "off"}} {
		if r := c.run("", args...); r.code != 2 || !strings.Contains(r.err, "autostart needs one of on, off or status") {
			t.Errorf("%q: exit %d, err %q; want a usage error", args, r.code, r.err)
		}
	}
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Errorf("a usage error wrote %s", entry)
	}
	if r := c.run("", "help"); !strings.Contains(r.out, "vaultbar autostart on|off|status") {
		t.Errorf("usage lacks autostart:\n%s", r.out)
	}
}

// A `go run` binary is gone once the app exits: start at login from it would start nothing.
func TestAutostartRefusesAGoRunBinary(t *testing.T) {
	t.Parallel()
	cfg := t.TempDir()
	for _, tt := range []struct {
		exe  string
		want bool // Enable reaches the mechanism
	}{
		{"/tmp/go-build2197859589/b001/exe/vaultbar", false},
		{"/usr/bin/vaultbar", true},
		{"/home/me/src/vaultbar/bin/vaultbar", true},
	} {
		m, err := autostart.New(autostart.Options{Executable: tt.exe, Home: cfg, Getenv: func(string) string { return "" }})
		if err != nil {
			t.Fatal(err)
		}
		err = lastingBinary{m, tt.exe}.Enable(context.Background())
		if refused := err != nil && strings.Contains(err.Error(), "go run build"); refused == tt.want {
			t.Errorf("%s: Enable = %v, want refused %v", tt.exe, err, !tt.want)
		}
		if err := m.Disable(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}
