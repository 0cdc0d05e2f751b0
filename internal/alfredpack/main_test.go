package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func writeFiles(t *testing.T, dir string, files map[string]os.FileMode) {
	t.Helper()
	for name, mode := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("content of "+name), mode); err != nil {
			t.Fatal(err)
		}
	}
}

// The same sources give the same bytes, whatever their times; modes are kept; hidden files
// are left out.
func TestPackIsReproducible(t *testing.T) {
	src := t.TempDir()
	writeFiles(t, src, map[string]os.FileMode{"info.plist": 0o600, "list.sh": 0o700, "icon.png": 0o644,
		".DS_Store": 0o644, "img/a.png": 0o644, ".git/x": 0o644})
	out := filepath.Join(t.TempDir(), "dist", "W.alfredworkflow")
	if err := pack(src, out); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(out)
	then := time.Unix(1e9, 0)
	if err := os.Chtimes(filepath.Join(src, "list.sh"), then, then); err != nil {
		t.Fatal(err)
	}
	if err := pack(src, out); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(out)
	if !bytes.Equal(first, second) {
		t.Error("packing the same sources twice gave different archives")
	}
	zr, err := zip.NewReader(bytes.NewReader(second), int64(len(second)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name+" "+f.Mode().Perm().String())
	}
	want := []string{"icon.png -rw-r--r--", "img/a.png -rw-r--r--", "info.plist -rw-r--r--", "list.sh -rwxr-xr-x"}
	if !slices.Equal(names, want) {
		t.Errorf("entries %q, want %q", names, want)
	}
}

func TestPackRefuses(t *testing.T) {
	empty := t.TempDir()
	if err := pack(empty, filepath.Join(t.TempDir(), "x")); err == nil || !strings.Contains(err.Error(), "is not a workflow") {
		t.Errorf("a directory without info.plist: %v", err)
	}
	src := t.TempDir()
	writeFiles(t, src, map[string]os.FileMode{"info.plist": 0o644})
	if err := os.Symlink("/etc/passwd", filepath.Join(src, "link")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "x")
	if err := pack(src, out); err == nil || !strings.Contains(err.Error(), "neither a file nor a directory") {
		t.Errorf("a symlink: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("a failed pack left %v behind", entries)
	}
}
