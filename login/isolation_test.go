package login

import (
	"errors"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

func TestParseIsolationRoundTrip(t *testing.T) {
	for i := SharedDataDir; i <= NoIsolation; i++ {
		got, err := ParseIsolation(i.String())
		if err != nil || got != i {
			t.Errorf("ParseIsolation(%q) = %v, %v; want %v", i.String(), got, err, i)
		}
	}
	names := map[string]Isolation{
		"profile-directory": SharedDataDir, "data-dir": DataDirPerProfile, "container": Container,
		"granted-container": GrantedContainer, "firefox-profile": FirefoxProfile, "none": NoIsolation,
	}
	for s, want := range names {
		if got, err := ParseIsolation(s); err != nil || got != want {
			t.Errorf("ParseIsolation(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	_, err := ParseIsolation("incognito")
	if err == nil || !strings.Contains(vault.Hint(err), "profile-directory, data-dir, container") {
		t.Errorf("ParseIsolation(incognito): err %v, hint %q", err, vault.Hint(err))
	}
}

func TestDefaultIsolationIsSupported(t *testing.T) {
	for f := Chromium; f <= Custom; f++ {
		iso := DefaultIsolation(f)
		if got := Isolations(f); got[0] != iso {
			t.Errorf("%s: Isolations()[0] = %s, want the default %s", f, got[0], iso)
		}
		if got, err := checkIsolation(Browser{Name: "x", Family: f}, 0); err != nil || got != iso {
			t.Errorf("%s: zero isolation resolved to %s, %v; want %s", f, got, err, iso)
		}
	}
	if DefaultIsolation(Chromium) != SharedDataDir || DefaultIsolation(Firefox) != FirefoxProfile || DefaultIsolation(Safari) != NoIsolation {
		t.Error("unexpected defaults")
	}
}

func TestUnsupportedIsolation(t *testing.T) {
	cases := []struct {
		f   Family
		iso Isolation
	}{{Chromium, Container}, {Chromium, FirefoxProfile}, {Firefox, SharedDataDir}, {Safari, DataDirPerProfile}, {Default, GrantedContainer}, {Arc, FirefoxProfile}}
	for _, c := range cases {
		_, err := checkIsolation(Browser{Name: c.f.String(), Family: c.f}, c.iso)
		if !errors.Is(err, ErrUnsupportedIsolation) || vault.Hint(err) == "" {
			t.Errorf("%s with %s: err = %v (hint %q), want ErrUnsupportedIsolation with a hint", c.f, c.iso, err, vault.Hint(err))
		}
	}
}
