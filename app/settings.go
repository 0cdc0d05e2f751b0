package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/vaultbar/vaultbar/vault"
)

// Settings are Vaultbar's own preferences. They live in their own file, never in the keyring
// under aws-vault's service, where aws-vault would list them as credentials.
type Settings struct {
	Browser         string `json:"browser,omitempty"`          // a browser id, "custom" for BrowserCommand
	BrowserCommand  string `json:"browser_command,omitempty"`  // template: {{.URL}} {{.Profile}} {{.Safe}}
	Isolation       string `json:"isolation,omitempty"`        // e.g. "profile-directory", "container"
	ConsoleDuration string `json:"console_duration,omitempty"` // e.g. "8h"; AWS allows 15m to 12h
	NoLogout        bool   `json:"no_logout,omitempty"`        // never log out first in browsers without isolation
	// ClipboardClearAfter is how long a copied secret stays on the clipboard, e.g. "45s" (default).
	ClipboardClearAfter string `json:"clipboard_clear_after,omitempty"`
	// URLConfirm says which vaultbar:// links ask before they run: "secrets" (default: those
	// that hand out credentials), "always" or "never".
	URLConfirm string `json:"url_confirm,omitempty"`
	// NoSuccessNotifications keeps the menu quiet when a copy or Add credentials worked.
	NoSuccessNotifications bool `json:"no_success_notifications,omitempty"`
}

// SettingsPath is settings.json in the user's configuration directory for Vaultbar.
func (a *App) SettingsPath() string {
	return filepath.Join(a.appDir(configDir), "settings.json")
}

// LoadSettings reads the settings file; a missing file means defaults. A typo in a key or a
// value is an error rather than a silently ignored preference.
func (a *App) LoadSettings() (Settings, error) {
	var s Settings
	path := a.SettingsPath()
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
			"fix or delete it; the keys are browser, browser_command, isolation, console_duration, no_logout, clipboard_clear_after, url_confirm, no_success_notifications")
	}
	if _, err := s.confirmLinks(); err != nil {
		return s, err
	}
	return s, nil
}

// SaveSettings writes the settings file, 0600.
func (a *App) SaveSettings(s Settings) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(a.SettingsPath(), append(b, '\n')); err != nil {
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

// ClearAfter is the clipboard_clear_after setting; zero when unset (the clipboard's default).
func (s Settings) ClearAfter() (time.Duration, error) {
	if s.ClipboardClearAfter == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s.ClipboardClearAfter)
	if err != nil || d <= 0 {
		return 0, vault.WithHint(fmt.Errorf("setting clipboard_clear_after %q is not a duration", s.ClipboardClearAfter), "write it like 45s or 2m")
	}
	return d, nil
}

// Which links ask before they run (Settings.URLConfirm).
const (
	ConfirmSecrets = "secrets"
	ConfirmAlways  = "always"
	ConfirmNever   = "never"
)

// confirmLinks is url_confirm, "secrets" when unset.
func (s Settings) confirmLinks() (string, error) {
	switch s.URLConfirm {
	case "", ConfirmSecrets:
		return ConfirmSecrets, nil
	case ConfirmAlways, ConfirmNever:
		return s.URLConfirm, nil
	}
	return "", vault.WithHint(fmt.Errorf("setting url_confirm %q is not one of secrets, always, never", s.URLConfirm),
		"secrets (the default) asks before a vaultbar:// link hands out credentials")
}

// selectBrowser persists a browser choice; the isolation goes back to the browser's default.
func (a *App) selectBrowser(id string) error {
	return a.updateSettings(func(s *Settings) { s.Browser, s.Isolation = id, "" })
}

// selectIsolation persists an isolation mode for the selected browser.
func (a *App) selectIsolation(iso string) error {
	return a.updateSettings(func(s *Settings) { s.Isolation = iso })
}

func (a *App) updateSettings(change func(*Settings)) error {
	s, err := a.LoadSettings()
	if err != nil {
		return err
	}
	change(&s)
	return a.SaveSettings(s)
}
