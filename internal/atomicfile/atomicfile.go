// Package atomicfile writes a file whole or not at all, into a temporary file beside the
// target renamed over it: a failed or interrupted write leaves the old file or none, never
// half an archive, icon or autostart entry. The build tools (alfredpack, iconset, macbundle)
// and the app (its autostart entries, its notification icon) write through it.
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
	return WriteMode(path, 0o755, 0o644, fill)
}

// WriteMode is Write with the modes of a directory it creates and of the file. The temporary
// file is ".NAME-*" beside the target: no reader of *.desktop or *.plist files picks it up.
func WriteMode(path string, dirMode, fileMode os.FileMode, fill func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), dirMode); err != nil {
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
		err = os.Chmod(f.Name(), fileMode)
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
