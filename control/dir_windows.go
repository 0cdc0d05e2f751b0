package control

import (
	"fmt"
	"io/fs"
	"os"
)

// privateDir creates dir. Under %LOCALAPPDATA% its ACL, inherited from the user's profile,
// already admits only the user, SYSTEM and administrators; modes mean nothing here.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return withHint(fmt.Errorf("create %s: %w", dir, err), "check that its parent exists and is yours")
	}
	return checkDir(dir)
}

// checkDir refuses a symlink (or junction) and anything but a directory.
func checkDir(dir string) error {
	fi, err := os.Lstat(dir)
	switch {
	case err != nil:
		return fmt.Errorf("%s: %w", dir, err)
	case fi.Mode()&(fs.ModeSymlink|fs.ModeIrregular) != 0:
		return withHint(fmt.Errorf("%s is a link", dir), "remove it: vaultbar makes its own directory there")
	case !fi.IsDir():
		return withHint(fmt.Errorf("%s is not a directory", dir), "remove it: vaultbar makes its own directory there")
	}
	return nil
}

func restrictSocket(path string) (os.FileInfo, error) { return os.Lstat(path) }

// stale: on Windows any failure to connect counts as nobody listening (its AF_UNIX errors
// are not documented well enough to tell them apart); the lock keeps starts apart anyway.
func stale(error) bool { return true }
