package e2e

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestHandlerEntry(t *testing.T) {
	src := []byte("[Desktop Entry]\nName=Vaultbar\nExec=vaultbar open %u\nTerminal=false\n")
	got, err := handlerEntry(src, "/tmp/TestX123/001/vaultbar")
	if err != nil {
		t.Fatal(err)
	}
	if want := "[Desktop Entry]\nName=Vaultbar\nExec=/tmp/TestX123/001/vaultbar open %u\nTerminal=false\n"; string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	for _, tt := range []struct{ name, src, exe, want string }{
		{"relative", string(src), "bin/vaultbar", "absolute path"},
		{"space", string(src), "/tmp/my dir/vaultbar", "quoting"},
		{"dollar", string(src), "/tmp/$HOME/vaultbar", "quoting"},
		{"field code", string(src), "/tmp/%u/vaultbar", "quoting"},
		{"backslash", string(src), `/tmp/a\b/vaultbar`, "quoting"},
		{"newline", string(src), "/tmp/a\nExec=evil/vaultbar", "quoting"},
		{"no exec", "[Desktop Entry]\nName=Vaultbar\n", "/tmp/vaultbar", "no Exec"},
		{"another program", "[Desktop Entry]\nExec=other %u\n", "/tmp/vaultbar", "does not run vaultbar"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := handlerEntry([]byte(tt.src), tt.exe)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q, %v; want an error saying %q", got, err, tt.want)
			}
		})
	}
}

// TestDesktopEntry checks the shipped vaultbar.desktop as a distribution installs it: it
// validates, and once the database is rebuilt (what desktop-file-utils' dpkg trigger runs on
// /usr/share/applications) it is the vaultbar:// handler with no per-user `xdg-mime default`.
func TestDesktopEntry(t *testing.T) {
	path := RepoPath(t, DesktopEntry)
	out, err := exec.Command(Tool(t, "desktop-file-validate"), path).CombinedOutput()
	if err != nil {
		t.Fatalf("desktop-file-validate: %v\n%s", err, out)
	}
	for line := range strings.Lines(string(out)) {
		if strings.Contains(line, ": error: ") || strings.Contains(line, ": warning: ") {
			t.Errorf("desktop-file-validate: %s", line)
		} else {
			t.Logf("desktop-file-validate: %s", line) // hints: Security could also name Settings or System
		}
	}

	data := t.TempDir()
	apps := filepath.Join(data, "applications")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(apps, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(apps, "vaultbar.desktop"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(Tool(t, "update-desktop-database"), apps).CombinedOutput(); err != nil {
		t.Fatalf("update-desktop-database: %v\n%s", err, out)
	}
	query := exec.Command(Tool(t, "xdg-mime"), "query", "default", SchemeHandler)
	query.Env = append(os.Environ(), "XDG_DATA_HOME="+data, "XDG_CONFIG_HOME="+t.TempDir())
	out, err = query.CombinedOutput()
	if got := strings.TrimSpace(string(out)); err != nil || got != "vaultbar.desktop" {
		t.Errorf("xdg-mime query default %s = %q, %v; want vaultbar.desktop (MimeType= must list it)", SchemeHandler, got, err)
	}
}

// TestE2EURLHandler shows that URLHandler makes xdg-open run the given program as `PROGRAM
// URL`, the URL intact as one argument, as a browser or Alfred-like launcher would.
func TestE2EURLHandler(t *testing.T) {
	Require(t)
	xdgOpen := Tool(t, "xdg-open")
	dir := t.TempDir()
	argv := filepath.Join(dir, "argv")
	stub := filepath.Join(dir, "vaultbar")
	script := "#!/bin/sh\nprintf '%s\\0' \"$@\" > '" + argv + "'\n"
	if err := os.WriteFile(stub, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	// BROWSER=false: without a handler xdg-open runs `false URL` and fails, instead of trying
	// every well-known browser on a vaultbar:// URL.
	open := func(env []string, url string) error {
		cmd := exec.Command(xdgOpen, url)
		cmd.Env = append(append(os.Environ(), "BROWSER=false"), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Logf("xdg-open %s: %v\n%s", url, err, out)
		}
		return err
	}

	const url = "vaultbar://console/dev%20x"
	unregistered := []string{"XDG_CONFIG_HOME=" + t.TempDir(), "XDG_DATA_HOME=" + t.TempDir()}
	if err := open(unregistered, url); err == nil {
		t.Fatal("xdg-open succeeded with no vaultbar:// handler registered: something else handles the scheme here")
	}
	if _, err := os.Stat(argv); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the stub ran with no handler registered (%v)", err)
	}

	opts := URLHandlerOptions{ConfigHome: filepath.Join(dir, "config"), DataHome: filepath.Join(dir, "data")}
	env := URLHandler(t, stub, opts)
	written := filepath.Join(opts.DataHome, "applications", "vaultbar.desktop")
	if out, err := exec.Command(Tool(t, "desktop-file-validate"), written).CombinedOutput(); err != nil {
		t.Errorf("the registered copy does not validate: %v\n%s", err, out)
	}
	for _, url := range []string{url, "vaultbar://copy-env/dev?format=json&x=$HOME;'q'"} {
		if err := os.Remove(argv); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		if err := open(env, url); err != nil {
			t.Errorf("xdg-open %s: %v", url, err)
			continue
		}
		// xdg-open waits for the handler in generic mode, so the file is complete now.
		got, err := os.ReadFile(argv)
		if err != nil {
			t.Errorf("xdg-open %s did not run the handler: %v", url, err)
			continue
		}
		args := strings.Split(string(bytes.TrimSuffix(got, []byte{0})), "\x00")
		if want := []string{url}; !slices.Equal(args, want) {
			t.Errorf("xdg-open %s ran the handler with %q, want %q", url, args, want)
		}
	}
}
