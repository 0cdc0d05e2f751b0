package ziptree

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// The layouts both tools need, from the same tree: a workflow's files at the root without
// hidden files, and a bundle under its own name with its directories; modes readable by all;
// the same bytes whatever the files' times.
func TestWriteLayouts(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "Tree.app")
	for name, mode := range map[string]os.FileMode{"a.txt": 0o600, "bin/run": 0o700, ".hidden": 0o644} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(name), mode); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		opt  Options
		want []string
	}{
		{Options{SkipHidden: true}, []string{"a.txt -rw-r--r--", "bin/run -rwxr-xr-x"}},
		{Options{KeepParent: true}, []string{"Tree.app/ drwxr-xr-x", "Tree.app/.hidden -rw-r--r--",
			"Tree.app/a.txt -rw-r--r--", "Tree.app/bin/ drwxr-xr-x", "Tree.app/bin/run -rwxr-xr-x"}},
	} {
		first := entries(t, dir, tt.opt)
		if !slices.Equal(first.names, tt.want) {
			t.Errorf("%+v: entries %q, want %q", tt.opt, first.names, tt.want)
		}
		then := time.Unix(1e9, 0)
		if err := os.Chtimes(filepath.Join(dir, "a.txt"), then, then); err != nil {
			t.Fatal(err)
		}
		if again := entries(t, dir, tt.opt); !bytes.Equal(first.raw, again.raw) {
			t.Errorf("%+v: a new file time changed the archive", tt.opt)
		}
	}
}

func TestWriteRefusesSymlinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := Write(&bytes.Buffer{}, dir, Options{}); err == nil {
		t.Error("a symlink was archived")
	}
}

type archive struct {
	raw   []byte
	names []string
}

func entries(t *testing.T, dir string, o Options) archive {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, dir, o); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	a := archive{raw: buf.Bytes()}
	for _, f := range zr.File {
		a.names = append(a.names, f.Name+" "+f.Mode().String())
	}
	return a
}
