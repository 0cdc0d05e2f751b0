package main

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/vaultbar/vaultbar/internal/atomicfile"
)

// modTime is every zip entry's time: the archive depends on the bundle's contents only.
var modTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// writeZip packs the bundle directory app into the zip file out, as `ditto -c -k --keepParent`
// does on a Mac: entries under the bundle's own name (Vaultbar.app/Contents/…), so Finder's
// unzip yields the app, and Unix modes kept, so Contents/MacOS/vaultbar stays executable.
// It is the Linux fallback; a Mac uses ditto, which also keeps the code signature's
// extended attributes.
func writeZip(out, app string) error {
	if _, err := os.Stat(filepath.Join(app, "Contents", "Info.plist")); err != nil {
		return fmt.Errorf("%s is not an app bundle (run make app first): %w", app, err)
	}
	return atomicfile.Write(out, func(w io.Writer) error { return zipTree(w, app) })
}

func zipTree(w io.Writer, app string) error {
	zw := zip.NewWriter(w)
	parent := filepath.Dir(app)
	err := filepath.WalkDir(app, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !info.Mode().IsDir() && !info.Mode().IsRegular() {
			return fmt.Errorf("%s is neither a file nor a directory: a bundle zip holds only those", path)
		}
		rel, err := filepath.Rel(parent, path)
		if err != nil {
			return err
		}
		hdr, err := zip.FileInfoHeader(info)
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(rel)
		hdr.Modified = modTime
		if d.IsDir() {
			hdr.Name += "/"
			_, err = zw.CreateHeader(hdr)
			return err
		}
		hdr.Method = zip.Deflate
		fw, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		_, err = fw.Write(data)
		return err
	})
	if err != nil {
		return err
	}
	return zw.Close()
}
