package login

import (
	"errors"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

func TestFindBrowser(t *testing.T) {
	all := []Browser{
		{ID: "chromium", Name: "Chromium", Family: Chromium, Command: []string{"/usr/bin/chromium"}},
		{ID: "default", Name: "Default browser", Family: Default, Command: []string{"/usr/bin/xdg-open"}},
	}
	b, err := FindBrowser(all, "chromium")
	if err != nil || b.ID != "chromium" {
		t.Fatalf("FindBrowser(chromium) = %+v, %v", b, err)
	}

	_, err = FindBrowser(all, "netscape")
	if !errors.Is(err, ErrUnknownBrowser) || errors.Is(err, ErrBrowserNotInstalled) {
		t.Fatalf("unknown id: err = %v, want ErrUnknownBrowser", err)
	}
	if h := vault.Hint(err); !strings.Contains(h, "chrome, chromium, brave") || !strings.Contains(h, "default") {
		t.Errorf("unknown id: hint %q should list the known ids", h)
	}
	if !strings.Contains(err.Error(), `"netscape"`) {
		t.Errorf("unknown id: error %q should name the id", err)
	}

	_, err = FindBrowser(all, "firefox-dev")
	if !errors.Is(err, ErrBrowserNotInstalled) || errors.Is(err, ErrUnknownBrowser) {
		t.Fatalf("known but missing: err = %v, want ErrBrowserNotInstalled", err)
	}
	if h := vault.Hint(err); !strings.Contains(h, "Firefox Developer Edition") || !strings.Contains(h, "chromium, default") {
		t.Errorf("known but missing: hint %q should name the browser and the installed ones", h)
	}

	_, err = FindBrowser(nil, "safari")
	if h := vault.Hint(err); !errors.Is(err, ErrBrowserNotInstalled) || !strings.Contains(h, "(none found)") {
		t.Errorf("nothing installed: err = %v, hint %q", err, h)
	}
}
