// Command alfredpack packs an Alfred workflow's sources into a .alfredworkflow file: a zip
// with info.plist at its root, which Alfred imports on double-click. `make alfred` runs
//
//	go run ./internal/alfredpack -o dist/Vaultbar.alfredworkflow packaging/alfred
//
// The archive is reproducible (files in name order, one fixed time) and keeps each file's
// mode, so a script stays executable. Hidden files (.DS_Store) are left out; a symlink or
// another special file is an error, as is a directory without info.plist.
package main

import (
	"archive/zip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vaultbar/vaultbar/internal/atomicfile"
)

// modTime is every entry's time: the archive depends on the sources only.
var modTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func main() {
	out := flag.String("o", "", "the .alfredworkflow file to write")
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: alfredpack -o FILE.alfredworkflow DIR")
		os.Exit(2)
	}
	if err := pack(flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "alfredpack:", err)
		os.Exit(1)
	}
}

// pack writes dir's files to out through a temporary file renamed over it, so a failed run
// never leaves half a workflow behind.
func pack(dir, out string) error {
	if _, err := os.Stat(filepath.Join(dir, "info.plist")); err != nil {
		return fmt.Errorf("%s is not a workflow: %w", dir, err)
	}
	return atomicfile.Write(out, func(w io.Writer) error { return writeZip(w, dir) })
}

func writeZip(w io.Writer, dir string) error {
	zw := zip.NewWriter(w)
	// WalkDir visits in lexical order.
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", path)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		h, err := zip.FileInfoHeader(info)
		if err != nil {
			return err
		}
		h.Name, h.Method, h.Modified = filepath.ToSlash(rel), zip.Deflate, modTime
		mode := info.Mode().Perm() | 0o644 // readable by all, executable by all if by the owner
		if mode&0o100 != 0 {
			mode |= 0o111
		}
		h.SetMode(mode)
		dst, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		_, err = io.Copy(dst, src)
		return errors.Join(err, src.Close())
	})
	return errors.Join(err, zw.Close())
}
