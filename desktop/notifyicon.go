package desktop

import (
	"io"
	"os"
	"path/filepath"

	"github.com/vaultbar/vaultbar/assets"
	"github.com/vaultbar/vaultbar/internal/atomicfile"
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
	path := filepath.Join(cache, "vaultbar", "notify-icon.png")
	err = atomicfile.WriteMode(path, 0o700, 0o600, func(w io.Writer) error {
		_, err := w.Write(png)
		return err
	})
	if err != nil {
		return "", err
	}
	return path, nil
}
