package autostart

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// xdgWorld is a home with a private XDG_CONFIG_HOME and XDG_CONFIG_DIRS, and a binary.
type xdgWorld struct {
	t      *testing.T
	m      Mechanism
	exe    string
	user   string // the user's entry
	system string // the system-wide entry
}

func newXDGWorld(t *testing.T) *xdgWorld {
	t.Helper()
	dir := t.TempDir()
	exe := filepath.Join(dir, "bin dir", "vaultbar")
	mustWrite(t, exe, "#!/bin/sh\n", 0o755)
	env := map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "config"), "XDG_CONFIG_DIRS": filepath.Join(dir, "etc-xdg")}
	m, err := New(Options{Executable: exe, Home: filepath.Join(dir, "home"), Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	return &xdgWorld{t: t, m: m, exe: exe,
		user:   filepath.Join(dir, "config", "autostart", "vaultbar.desktop"),
		system: filepath.Join(dir, "etc-xdg", "autostart", "vaultbar.desktop")}
}

func mustWrite(t *testing.T, path, text string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
}

func (w *xdgWorld) status() Status {
	w.t.Helper()
	st, err := w.m.Status(context.Background())
	if err != nil {
		w.t.Fatalf("Status: %v", err)
	}
	return st
}

func (w *xdgWorld) wantOn(on bool, when string) {
	w.t.Helper()
	if st := w.status(); st.On != on {
		w.t.Errorf("%s: Status = %+v, want on %v", when, st, on)
	}
}

func (w *xdgWorld) do(f func(context.Context) error, what string) {
	w.t.Helper()
	if err := f(context.Background()); err != nil {
		w.t.Fatalf("%s: %v", what, err)
	}
}

// dirNames lists a directory; nil when it does not exist.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// On writes the entry that starts this binary where sessions look; off removes that file and
// leaves the directory as it found it (nothing else in it, no temporary file).
func TestXDGOnOff(t *testing.T) {
	t.Parallel()
	w := newXDGWorld(t)
	if st := w.status(); st.On || st.Where != w.user {
		t.Fatalf("fresh: Status = %+v, want off at %s", st, w.user)
	}
	w.do(w.m.Enable, "Enable")
	data, err := os.ReadFile(w.user)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := desktopEntry(w.exe)
	if string(data) != string(want) {
		t.Errorf("entry =\n%s\nwant\n%s", data, want)
	}
	if args := execArgs(t, strings.TrimPrefix(lineOf(string(data), "Exec="), "Exec=")); len(args) != 1 || args[0] != w.exe {
		t.Errorf("Exec runs %q, want %q", args, w.exe)
	}
	if fi, _ := os.Stat(w.user); fi.Mode().Perm() != 0o644 {
		t.Errorf("entry mode %v, want 0644", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(filepath.Dir(w.user)); fi.Mode().Perm() != 0o700 {
		t.Errorf("created autostart dir mode %v, want 0700", fi.Mode().Perm())
	}
	w.wantOn(true, "after Enable")
	w.do(w.m.Enable, "Enable again") // idempotent
	if names := dirNames(t, filepath.Dir(w.user)); len(names) != 1 {
		t.Errorf("autostart dir holds %q, want only vaultbar.desktop", names)
	}

	w.do(w.m.Disable, "Disable")
	if names := dirNames(t, filepath.Dir(w.user)); len(names) != 0 {
		t.Errorf("after Disable the autostart dir holds %q, want nothing", names)
	}
	w.wantOn(false, "after Disable")
	w.do(w.m.Disable, "Disable again")
}

func lineOf(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// A moved binary: Enable rewrites our entry to start this one.
func TestXDGEnableRewritesAStaleEntry(t *testing.T) {
	t.Parallel()
	w := newXDGWorld(t)
	stale, _ := desktopEntry("/old/place/vaultbar")
	mustWrite(t, w.user, string(stale), 0o644)
	w.wantOn(false, "stale TryExec") // the old binary is gone: a session skips it
	w.do(w.m.Enable, "Enable")
	if data, _ := os.ReadFile(w.user); !strings.Contains(string(data), "TryExec="+escapeString(w.exe)+"\n") {
		t.Errorf("entry still starts the old binary:\n%s", data)
	}
	w.wantOn(true, "after Enable")
}

// A session settings tool turned our entry off by adding Hidden=true: that reads as off, and
// Enable turns it back on.
func TestXDGHiddenByTheSession(t *testing.T) {
	t.Parallel()
	w := newXDGWorld(t)
	w.do(w.m.Enable, "Enable")
	data, _ := os.ReadFile(w.user)
	mustWrite(t, w.user, string(data)+"Hidden=true\n", 0o644)
	w.wantOn(false, "Hidden=true")
	w.do(w.m.Enable, "Enable")
	w.wantOn(true, "after Enable")
}

// The user's own vaultbar.desktop is never deleted or overwritten: off refuses with a hint,
// on leaves a running one alone, and a hidden one makes on fail with a hint.
func TestXDGForeignEntry(t *testing.T) {
	t.Parallel()
	w := newXDGWorld(t)
	mine := "[Desktop Entry]\nType=Application\nName=My vaultbar\nExec=vaultbar --my-flags\n"
	mustWrite(t, w.user, mine, 0o644)
	st := w.status()
	if !st.On || !strings.Contains(st.Note, "not written by vaultbar") {
		t.Errorf("foreign entry: Status = %+v, want on with a note", st)
	}
	err := w.m.Disable(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not written by vaultbar") {
		t.Errorf("Disable of a foreign entry: %v, want a refusal", err)
	}
	w.do(w.m.Enable, "Enable over a foreign running entry")
	if data, _ := os.ReadFile(w.user); string(data) != mine {
		t.Errorf("the user's entry changed:\n%s", data)
	}

	hidden := mine + "Hidden=true\n"
	mustWrite(t, w.user, hidden, 0o644)
	w.wantOn(false, "foreign hidden")
	if err := w.m.Enable(context.Background()); err == nil || !strings.Contains(err.Error(), "was not written by vaultbar") {
		t.Errorf("Enable over a foreign hidden entry: %v, want a refusal", err)
	}
	w.do(w.m.Disable, "Disable of a foreign hidden entry") // already off
	if data, _ := os.ReadFile(w.user); string(data) != hidden {
		t.Errorf("the user's entry changed:\n%s", data)
	}
}

// A system-wide entry (/etc/xdg/autostart) starts Vaultbar for everyone: it reads as on, off
// masks it for this user with a Hidden entry, and on removes that mask again.
func TestXDGSystemEntry(t *testing.T) {
	t.Parallel()
	w := newXDGWorld(t)
	system, _ := desktopEntry(w.exe)
	mustWrite(t, w.system, string(system), 0o644)
	if st := w.status(); !st.On || !strings.Contains(st.Note, w.system) {
		t.Errorf("system entry: Status = %+v, want on, naming %s", st, w.system)
	}
	w.do(w.m.Enable, "Enable")
	if _, err := os.Stat(w.user); !os.IsNotExist(err) {
		t.Errorf("Enable wrote %s though the system entry already starts vaultbar", w.user)
	}

	w.do(w.m.Disable, "Disable")
	w.wantOn(false, "after Disable")
	e, ok, err := readEntry(w.user)
	if err != nil || !ok || !e.hidden || !e.ours {
		t.Errorf("mask = %+v, %v, %v; want our Hidden entry", e, ok, err)
	}
	if data, _ := os.ReadFile(w.system); string(data) != string(system) {
		t.Error("Disable changed the system-wide entry")
	}

	w.do(w.m.Enable, "Enable")
	w.wantOn(true, "after Enable")
}

// A system-wide entry that is hidden (an administrator's mask) is off; Enable writes the
// user's entry, which wins over it.
func TestXDGSystemEntryHidden(t *testing.T) {
	t.Parallel()
	w := newXDGWorld(t)
	mustWrite(t, w.system, "[Desktop Entry]\nHidden=true\n", 0o644)
	w.wantOn(false, "hidden system entry")
	w.do(w.m.Enable, "Enable")
	w.wantOn(true, "after Enable")
	w.do(w.m.Disable, "Disable")
	if _, err := os.Stat(w.user); !os.IsNotExist(err) {
		t.Errorf("Disable left %s, though the hidden system entry keeps it off", w.user)
	}
}

// XDG_CONFIG_HOME unset or relative (which the spec says to ignore): ~/.config/autostart.
func TestXDGDefaultDirectory(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	for _, cfg := range []string{"", "relative/dir"} {
		m, err := New(Options{Executable: "/usr/bin/vaultbar", Home: home, Getenv: func(k string) string {
			if k == "XDG_CONFIG_HOME" {
				return cfg
			}
			return ""
		}})
		if err != nil {
			t.Fatal(err)
		}
		st, err := m.Status(context.Background())
		if want := filepath.Join(home, ".config", "autostart", "vaultbar.desktop"); err != nil || st.Where != want {
			t.Errorf("XDG_CONFIG_HOME=%q: Where = %q, %v; want %s", cfg, st.Where, err, want)
		}
	}
	if _, err := New(Options{Executable: "/usr/bin/vaultbar"}); err == nil || !strings.Contains(err.Error(), "home directory") {
		t.Errorf("no home: %v, want an error naming the home directory", err)
	}
	if _, err := New(Options{Executable: "vaultbar", Home: home}); err == nil {
		t.Error("a relative executable was accepted")
	}
}

// An entry file that cannot be read is an error naming it, not "off".
func TestXDGUnreadableEntry(t *testing.T) {
	t.Parallel()
	w := newXDGWorld(t)
	mustWrite(t, w.user, strings.Repeat("x", maxFile+1), 0o644)
	if _, err := w.m.Status(context.Background()); err == nil || !strings.Contains(err.Error(), w.user) {
		t.Errorf("Status of a 64 KiB+ entry: %v, want an error naming it", err)
	}
	if err := w.m.Disable(context.Background()); err == nil {
		t.Error("Disable removed an entry it could not read")
	}
}
