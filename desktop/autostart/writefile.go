package autostart

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/vaultbar/vaultbar/internal/atomicfile"
)

// maxFile bounds what is read of an autostart file or plist: each is a few hundred bytes, and
// a huge one is not ours.
const maxFile = 64 << 10

var errTooLarge = errors.New("larger than 64 KiB")

// readCapped reads path, refusing more than maxFile bytes.
func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err == nil && len(data) > maxFile {
		err = errTooLarge
	}
	return data, err
}

// writeIfChanged writes data to path unless it already holds exactly that, whole or not at
// all (atomicfile), so that a login starting meanwhile never reads half a file. A missing
// directory is created 0700, as the XDG base directory spec asks.
func writeIfChanged(path string, data []byte) error {
	if old, err := readCapped(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	err := atomicfile.WriteMode(path, 0o700, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// removeFile removes path; a file already gone is fine.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", path, err)
	}
	return nil
}
