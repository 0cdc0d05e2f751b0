package desktop

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/fsnotify/fsnotify"
)

// WatchFile signals on changed whenever path is written, created, renamed or removed, until
// ctx ends. It watches the directory, not the file: editors and the aws-vault CLI replace the
// file by renaming a new one over it, which a watch on the old file would miss.
func WatchFile(ctx context.Context, path string, changed chan<- struct{}) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		w.Close()
		return fmt.Errorf("watch %s: %w", path, err)
	}
	if err := w.Add(dir); err != nil {
		w.Close()
		return fmt.Errorf("watch %s: %w", path, err)
	}
	go func() {
		defer w.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if filepath.Clean(ev.Name) == filepath.Clean(path) {
					NotifyOnce(changed)
				}
			case _, ok := <-w.Errors:
				if !ok {
					return
				}
				NotifyOnce(changed) // events may have been lost: re-read to be sure
			}
		}
	}()
	return nil
}

// NotifyOnce sends without blocking: one pending signal is as good as many.
func NotifyOnce(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
