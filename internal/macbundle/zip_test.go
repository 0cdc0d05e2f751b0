package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Zipping something that is not a bundle says so and writes no zip.
func TestWriteZipRefusesNonBundle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "x.zip")
	err := writeZip(out, dir)
	if err == nil || !strings.Contains(err.Error(), "not an app bundle") {
		t.Errorf("error %v, want not an app bundle", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a zip was written")
	}
}

// A symlink in the bundle is refused: the Linux zip has no way to keep it as a link.
func TestWriteZipRefusesSymlink(t *testing.T) {
	t.Parallel()
	app := filepath.Join(t.TempDir(), "Vaultbar.app")
	os.MkdirAll(filepath.Join(app, "Contents"), 0o755)
	os.WriteFile(filepath.Join(app, "Contents", "Info.plist"), []byte("x"), 0o644)
	os.Symlink("/etc/passwd", filepath.Join(app, "Contents", "link"))
	if err := writeZip(filepath.Join(t.TempDir(), "x.zip"), app); err == nil || !strings.Contains(err.Error(), "neither a file nor a directory") {
		t.Errorf("error %v", err)
	}
}
