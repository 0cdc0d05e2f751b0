package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/vaultbar/vaultbar/internal/atomicfile"
	"github.com/vaultbar/vaultbar/internal/ziptree"
)

// writeZip packs the bundle directory app into the zip file out, as `ditto -c -k --keepParent`
// does on a Mac: entries under the bundle's own name (Vaultbar.app/Contents/…), so Finder's
// unzip yields the app, and Unix modes kept, so Contents/MacOS/vaultbar stays executable.
// It is the Linux fallback; a Mac uses ditto, which also keeps the code signature's
// extended attributes.
func writeZip(out, app string) error {
	if _, err := os.Stat(filepath.Join(app, "Contents", "Info.plist")); err != nil {
		return fmt.Errorf("%s is not an app bundle (run make app first): %w", app, err)
	}
	return atomicfile.Write(out, func(w io.Writer) error {
		return ziptree.Write(w, app, ziptree.Options{KeepParent: true})
	})
}
