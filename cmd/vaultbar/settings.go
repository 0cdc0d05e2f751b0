package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/vaultbar/vaultbar/vault"
)

// settings are Vaultbar's own preferences. They live in their own file, never in the keyring
// under aws-vault's service, where aws-vault would list them as credentials.
type settings struct {
	Browser         string `json:"browser,omitempty"`          // a browser id, "custom" for BrowserCommand
	BrowserCommand  string `json:"browser_command,omitempty"`  // template: {{.URL}} {{.Profile}} {{.Safe}}
	Isolation       string `json:"isolation,omitempty"`        // e.g. "profile-directory", "container"
	ConsoleDuration string `json:"console_duration,omitempty"` // e.g. "8h"; AWS allows 15m to 12h
	NoLogout        bool   `json:"no_logout,omitempty"`        // never log out first in browsers without isolation
}

// settingsPath is settings.json in the user's configuration directory for Vaultbar.
func (a *app) settingsPath() string {
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(a.homeDir(), "Library", "Application Support", "Vaultbar", "settings.json")
	case "windows":
		return filepath.Join(a.env.Get("APPDATA"), "Vaultbar", "settings.json")
	}
	base := a.env.Get("XDG_CONFIG_HOME")
	if base == "" {
		base = filepath.Join(a.homeDir(), ".config")
	}
	return filepath.Join(base, "vaultbar", "settings.json")
}

// loadSettings reads the settings file; a missing file means defaults. A typo in a key is an
// error rather than a silently ignored preference.
func (a *app) loadSettings() (settings, error) {
	var s settings
	path := a.settingsPath()
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("read settings: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, vault.WithHint(fmt.Errorf("settings file %s is not valid: %v", path, err),
			"fix or delete it; the keys are browser, browser_command, isolation, console_duration, no_logout")
	}
	return s, nil
}
