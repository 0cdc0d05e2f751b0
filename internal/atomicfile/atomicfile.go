// Package atomicfile writes a file whole or not at all: the build tools (alfredpack,
// iconset, macbundle) write into a temporary file beside the target and rename it over, so a
// failed or interrupted run leaves the old file or none, never half an archive or icon.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write creates path's directory, lets fill write the content, and then gives the file mode
// 0644 (CreateTemp's 0600 would make a release archive unreadable to others) and renames it
// into place.
func Write(path string, fill func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename, a no-op
	err = fill(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
