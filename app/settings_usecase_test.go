package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/vault"
)

// Settings round-trip through a user-only file; a missing file means the defaults.
func TestSaveAndLoadSettings(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "")
	st, err := w.app.LoadSettings()
	if err != nil || st != (Settings{}) {
		t.Fatalf("settings without a file = %+v, %v", st, err)
	}
	want := Settings{Browser: "firefox", Isolation: "container", ConsoleDuration: "8h", NoLogout: true,
		ClipboardClearAfter: "2m", URLConfirm: ConfirmAlways}
	must(t, w.app.SaveSettings(want))
	info, err := os.Stat(w.app.SettingsPath())
	must(t, err)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("settings file mode %v, want 0600", info.Mode().Perm())
	}
	if want := filepath.Join(w.dir, ".config", "vaultbar", "settings.json"); w.app.SettingsPath() != want {
		t.Errorf("settings path %s, want %s", w.app.SettingsPath(), want)
	}
	got, err := w.app.LoadSettings()
	if err != nil || got != want {
		t.Errorf("loaded %+v, %v; want %+v", got, err, want)
	}
}

// A typo in a key, broken JSON or an unknown url_confirm is an error with a hint, not a
// silently ignored preference.
func TestLoadSettingsErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, text, want string }{
		{"unknown key", `{"url_confrim": "never"}`, "url_confrim"},
		{"broken json", `{"browser": `, "not valid"},
		{"bad url_confirm", `{"url_confirm": "sometimes"}`, `url_confirm "sometimes"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, "")
			must(t, os.MkdirAll(filepath.Dir(w.app.SettingsPath()), 0o700))
			must(t, os.WriteFile(w.app.SettingsPath(), []byte(tc.text), 0o600))
			_, err := w.app.LoadSettings()
			if err == nil || !strings.Contains(err.Error(), tc.want) || vault.Hint(err) == "" {
				t.Errorf("LoadSettings(%s) = %v (hint %q), want %q with a hint", tc.text, err, vault.Hint(err), tc.want)
			}
		})
	}
	w := newWorld(t, "")
	must(t, os.MkdirAll(w.app.SettingsPath(), 0o700)) // a directory where the file should be
	if _, err := w.app.LoadSettings(); err == nil || !strings.Contains(err.Error(), "read settings") {
		t.Errorf("unreadable settings: %v", err)
	}
	if err := w.app.SaveSettings(Settings{}); err == nil || !strings.Contains(err.Error(), "save settings") {
		t.Errorf("saving over a directory: %v", err)
	}
}

func TestClearAfter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		value string
		want  time.Duration
		ok    bool
	}{{"", 0, true}, {"45s", 45 * time.Second, true}, {"2m", 2 * time.Minute, true}, {"soon", 0, false}, {"-5s", 0, false}, {"0s", 0, false}} {
		d, err := Settings{ClipboardClearAfter: tc.value}.ClearAfter()
		if d != tc.want || (err == nil) != tc.ok || (err != nil && vault.Hint(err) == "") {
			t.Errorf("ClearAfter(%q) = %v, %v; want %v, ok %v", tc.value, d, err, tc.want, tc.ok)
		}
	}
}
