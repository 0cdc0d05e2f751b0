package desktop

import (
	"os"
	"path/filepath"

	"github.com/vaultbar/vaultbar/assets"
)

// writeNotifyIcon writes the idle tray icon to Vaultbar's cache directory (0700) and
// returns its path.
func writeNotifyIcon() (string, error) {
	_, png, err := assets.Icons(assets.Idle)
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, "vaultbar")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, ".notify-icon-*.png")
	if err != nil {
		return "", err
	}
	_, err = f.Write(png)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	path := filepath.Join(dir, "notify-icon.png")
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return path, nil
}
