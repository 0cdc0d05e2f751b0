package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// recentFile is what the menu-bar app remembers between runs: the profiles used last,
// newest first. It is state, not a preference, so it is not in settings.json.
type recentFile struct {
	Profiles []string `json:"profiles"`
}

// recentPath is recent.json in Vaultbar's state directory.
func (a *App) recentPath() string {
	return filepath.Join(a.appDir(stateDir), "recent.json")
}

// LoadRecent reads the recent profiles. A missing file is an empty list; an unreadable or
// malformed one is reported and read as empty, and the next use rewrites it.
func (a *App) LoadRecent() []string {
	b, err := os.ReadFile(a.recentPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var f recentFile
	if err == nil {
		err = json.Unmarshal(b, &f)
	}
	if err != nil {
		fmt.Fprintf(a.fx.Stderr, "vaultbar: forgetting the recent profiles in %s: %v; the next use rewrites it\n", a.recentPath(), err)
		return nil
	}
	return f.Profiles
}

// SaveRecent writes the recent profiles (tray.Deps.SaveRecent).
func (a *App) SaveRecent(_ context.Context, recent []string) error {
	b, err := json.Marshal(recentFile{Profiles: recent})
	if err != nil {
		return err
	}
	if err := writeAtomic(a.recentPath(), append(b, '\n')); err != nil {
		return fmt.Errorf("save recent profiles: %w", err)
	}
	return nil
}
