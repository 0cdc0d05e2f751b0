//go:build linux

package autostart

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// readerWorld is an entry Enable wrote for a binary at an awkward path, and its directories.
type readerWorld struct {
	dir, exe, config string
}

func enableAt(t *testing.T, rel string) readerWorld {
	t.Helper()
	dir := t.TempDir()
	w := readerWorld{dir: dir, exe: filepath.Join(dir, rel, "vaultbar"), config: filepath.Join(dir, "config")}
	mustWrite(t, w.exe, "#!/bin/sh\nprintf '%s' \"$0\" > \"$MARK\"\n", 0o755)
	env := map[string]string{"XDG_CONFIG_HOME": w.config, "XDG_CONFIG_DIRS": filepath.Join(dir, "none")}
	m, err := New(Options{Executable: w.exe, Home: dir, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Enable(context.Background()); err != nil {
		t.Fatal(err)
	}
	return w
}

// dex, Debian's runner of autostart entries, starts exactly the binary of the entry Enable
// wrote when its path has spaces and an apostrophe. (dex misreads the spec's escapes inside
// quotes, `\"`, `\$` and "\`", so those are checked with systemd's reader below.)
func TestE2EDexRunsAPathWithSpaces(t *testing.T) {
	dex := e2e.Tool(t, "dex")
	w := enableAt(t, "My Apps/o'neil tools")
	mark := filepath.Join(w.dir, "ran")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, dex, "-a", "-w", "-s", filepath.Join(w.config, "autostart"))
	cmd.Env = append(os.Environ(), "MARK="+mark)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("dex: %v\n%s", err, out)
	}
	if got, err := os.ReadFile(mark); err != nil || string(got) != w.exe {
		t.Errorf("dex ran %q (%v), want %q", got, err, w.exe)
	}
}

// systemd's xdg-autostart-generator, which turns autostart entries into the units GNOME and
// KDE sessions start, makes a unit from the entry only when the Exec it decodes names an
// existing file: so each awkward path decodes to exactly the binary.
func TestE2ESystemdReadsAwkwardPaths(t *testing.T) {
	gen := e2e.Tool(t, "/usr/lib/systemd/user-generators/systemd-xdg-autostart-generator")
	for _, rel := range []string{"My Apps", `a "quoted" dir`, "cost $HOME", "back`tick`", "o'neil"} {
		w := enableAt(t, rel)
		out := filepath.Join(w.dir, "units")
		if err := os.Mkdir(out, 0o700); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(gen, out, out, out)
		cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+w.config, "XDG_CONFIG_DIRS="+filepath.Join(w.dir, "none"))
		log, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", gen, err, log)
		}
		if _, err := os.Stat(filepath.Join(out, "app-vaultbar@autostart.service")); err != nil {
			t.Errorf("path %q: systemd made no unit from the entry (%v):\n%s", w.exe, err, log)
		}
	}
}
