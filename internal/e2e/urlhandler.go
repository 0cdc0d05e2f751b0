package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The desktop entry Vaultbar ships for its URL scheme, and the MIME type it claims.
const (
	DesktopEntry  = "packaging/linux/vaultbar.desktop"
	SchemeHandler = "x-scheme-handler/vaultbar"
)

// URLHandlerOptions says where URLHandler registers the handler. Pass the XDG directories the
// app under test uses, so that a `vaultbar open` started by xdg-open (which inherits
// xdg-open's environment) reads the same settings; empty fields get fresh temporary
// directories.
type URLHandlerOptions struct {
	ConfigHome string // XDG_CONFIG_HOME: mimeapps.list
	DataHome   string // XDG_DATA_HOME: applications/vaultbar.desktop
}

// URLHandler registers exe as the vaultbar:// handler the way a user's desktop would: it
// writes packaging/linux/vaultbar.desktop, with Exec's program replaced by exe, into
// XDG_DATA_HOME/applications, makes it the default for x-scheme-handler/vaultbar with
// `xdg-mime default`, checks that `xdg-mime query default` now names it, and returns the
// environment entries (XDG_CONFIG_HOME=…, XDG_DATA_HOME=…) to add, last, to xdg-open's
// environment. xdg-open then runs `exe URL`, the URL as one argument.
//
// xdg-open consults scheme handlers only when DISPLAY (or WAYLAND_DISPLAY) is set, so this
// requires the desktop session. Without a registered handler it falls back to $BROWSER or
// well-known browsers; set BROWSER=false to make that a plain failure.
func URLHandler(t testing.TB, exe string, opts URLHandlerOptions) []string {
	t.Helper()
	Require(t)
	xdgMime := Tool(t, "xdg-mime")
	src, err := os.ReadFile(RepoPath(t, DesktopEntry))
	if err != nil {
		t.Fatal(err)
	}
	entry, err := handlerEntry(src, exe)
	if err != nil {
		t.Fatal(err)
	}
	config, data := opts.ConfigHome, opts.DataHome
	if config == "" {
		config = t.TempDir()
	}
	if data == "" {
		data = t.TempDir()
	}
	apps := filepath.Join(data, "applications")
	if err := os.MkdirAll(apps, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(apps, filepath.Base(DesktopEntry)), entry, 0o644); err != nil {
		t.Fatal(err)
	}

	env := []string{"XDG_CONFIG_HOME=" + config, "XDG_DATA_HOME=" + data}
	xdg := func(args ...string) string {
		cmd := exec.Command(xdgMime, args...)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("xdg-mime %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	xdg("default", filepath.Base(DesktopEntry), SchemeHandler)
	if got := xdg("query", "default", SchemeHandler); got != filepath.Base(DesktopEntry) {
		t.Fatalf("xdg-mime query default %s = %q after registering, want %s", SchemeHandler, got, filepath.Base(DesktopEntry))
	}
	return env
}

// handlerEntry returns the desktop entry src with the program of its Exec line (vaultbar,
// found on PATH once installed) replaced by the absolute path exe.
//
// The Desktop Entry spec would have a path with reserved characters quoted, but xdg-open's
// generic mode (xdg-utils 1.1.3, Debian 12) splits Exec on blanks and ignores quotes, so such
// a path is refused here rather than written in a form that only some launchers run.
func handlerEntry(src []byte, exe string) ([]byte, error) {
	if !filepath.IsAbs(exe) {
		return nil, fmt.Errorf("handler %q: want an absolute path", exe)
	}
	if i := strings.IndexFunc(exe, func(r rune) bool {
		return r < 0x20 || r == 0x7f || strings.ContainsRune(" \"'\\><~|&;$*?#()`%", r)
	}); i >= 0 {
		return nil, fmt.Errorf("handler %q: %q would need quoting in Exec, which xdg-open's generic mode does not parse; build it into a plain directory", exe, exe[i])
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	found := 0
	for i, line := range lines {
		if !bytes.HasPrefix(line, []byte("Exec=")) {
			continue
		}
		rest, ok := bytes.CutPrefix(line, []byte("Exec=vaultbar "))
		if !ok {
			return nil, fmt.Errorf("desktop entry: %q does not run vaultbar", bytes.TrimSpace(line))
		}
		lines[i] = slices.Concat([]byte("Exec="+exe+" "), rest)
		found++
	}
	if found == 0 {
		return nil, errors.New("desktop entry: no Exec line")
	}
	return bytes.Join(lines, nil), nil
}
