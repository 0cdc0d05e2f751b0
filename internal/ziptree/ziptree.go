// Package ziptree packs a directory into a zip archive that depends only on its contents:
// entries in lexical order, one fixed time, modes normalised. The build tools use it for the
// Alfred workflow (alfredpack) and for the app bundle's release zip on Linux (macbundle).
package ziptree

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ModTime is every entry's time, so two builds of the same files give the same bytes.
var ModTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Options say how Write lays the tree out.
type Options struct {
	// KeepParent puts every entry under the directory's own name (Vaultbar.app/Contents/…),
	// with an entry for each directory, as `ditto -c -k --keepParent` does; otherwise the
	// files sit at the archive's root and directories are implied by their paths.
	KeepParent bool
	// SkipHidden leaves out files and directories whose names start with a dot (.DS_Store, .git).
	SkipHidden bool
}

// Write writes dir as a zip archive to w. Only regular files and directories may be in it (a
// symlink could point anywhere); every entry is readable by all, and executable by all when
// its owner may execute it, whatever the builder's umask.
func Write(w io.Writer, dir string, o Options) error {
	base := dir
	if o.KeepParent {
		base = filepath.Dir(dir)
	}
	zw := zip.NewWriter(w)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error { // lexical order
		if err != nil {
			return err
		}
		if o.SkipHidden && path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() && !o.KeepParent {
			return nil
		}
		if !d.IsDir() && !d.Type().IsRegular() {
			return fmt.Errorf("%s is neither a file nor a directory: the archive holds only those", path)
		}
		rel, err := filepath.Rel(base, path)
		if err != nil {
			return err
		}
		return addEntry(zw, path, filepath.ToSlash(rel), d)
	})
	return errors.Join(err, zw.Close())
}

func addEntry(zw *zip.Writer, path, name string, d fs.DirEntry) error {
	info, err := d.Info()
	if err != nil {
		return err
	}
	h, err := zip.FileInfoHeader(info)
	if err != nil {
		return err
	}
	h.Name, h.Modified = name, ModTime
	mode := info.Mode().Perm() | 0o644
	if mode&0o100 != 0 || d.IsDir() {
		mode |= 0o111
	}
	h.SetMode(mode | info.Mode().Type())
	if d.IsDir() {
		h.Name += "/"
		_, err = zw.CreateHeader(h)
		return err
	}
	h.Method = zip.Deflate
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
}
