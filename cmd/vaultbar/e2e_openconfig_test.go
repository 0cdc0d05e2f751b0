//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Open config file where no application handles text files (xdg-open exits 3) says so in a
// notification and puts the config file's path on the clipboard.
func TestE2EOpenConfigFileWithoutHandler(t *testing.T) {
	stub := t.TempDir()
	must(t, os.WriteFile(filepath.Join(stub, "xdg-open"), []byte("#!/bin/sh\necho 'xdg-open: no method available for opening' >&2\nexit 3\n"), 0o755))
	a := startApp(t, "PATH="+stub+string(os.PathListSeparator)+os.Getenv("PATH"))
	a.click("", "Open config file")
	path := filepath.Join(a.w.dir, "config")
	n := a.notes.First(t, appWait)
	if !strings.Contains(n.Summary+" "+n.Body, path) || !strings.Contains(n.Body, "clipboard") {
		t.Errorf("notification %q: %q; want the path and that it is on the clipboard", n.Summary, n.Body)
	}
	if got := a.waitClipboard(path); got != path {
		t.Errorf("clipboard holds %q, want %q", got, path)
	}
}
