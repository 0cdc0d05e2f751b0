package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/vaultbar/vaultbar/desktop"

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
	// ClipboardClearAfter is how long a copied secret stays on the clipboard, e.g. "45s" (default).
	ClipboardClearAfter string `json:"clipboard_clear_after,omitempty"`
}

// settingsPath is settings.json in the user's configuration directory for Vaultbar.
func (a *app) settingsPath() string {
	return filepath.Join(a.appDir("XDG_CONFIG_HOME", ".config", "APPDATA"), "settings.json")
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
			"fix or delete it; the keys are browser, browser_command, isolation, console_duration, no_logout, clipboard_clear_after")
	}
	return s, nil
}

// saveSettings writes the settings file, 0600.
func (a *app) saveSettings(s settings) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(a.settingsPath(), append(b, '\n')); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}

// writeAtomic writes a user-only file as a new file renamed over the old, so that a crash
// or a full disk never leaves half a file; the directory is created user-only.
func writeAtomic(path string, data []byte) error {
	dir, name := filepath.Dir(path), filepath.Base(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return vault.WriteFileAtomic(dir, name, "."+name+"-", data)
}

// clearAfter is the clipboard_clear_after setting, else the default.
func (s settings) clearAfter() (time.Duration, error) {
	if s.ClipboardClearAfter == "" {
		return desktop.DefaultClearAfter, nil
	}
	d, err := time.ParseDuration(s.ClipboardClearAfter)
	if err != nil || d <= 0 {
		return 0, vault.WithHint(fmt.Errorf("setting clipboard_clear_after %q is not a duration", s.ClipboardClearAfter), "write it like 45s or 2m")
	}
	return d, nil
}
