package login

import (
	"errors"
	"reflect"
	"slices"
	"testing"
)

// fakeMachine describes a machine: executables on PATH and paths that exist.
type fakeMachine struct {
	path   map[string]string // name -> resolved path
	exists []string
}

func (m fakeMachine) env(goos string) DetectEnv {
	return DetectEnv{
		GOOS: goos,
		Home: "/home/u",
		LookPath: func(name string) (string, error) {
			if p, ok := m.path[name]; ok {
				return p, nil
			}
			return "", errors.New("executable file not found in $PATH")
		},
		Exists: func(p string) bool { return slices.Contains(m.exists, p) },
	}
}

func TestDetectLinux(t *testing.T) {
	m := fakeMachine{
		path: map[string]string{
			"chromium":              "/usr/bin/chromium", // Debian's shell wrapper: fine
			"google-chrome-stable":  "/opt/google/chrome/google-chrome",
			"firefox-esr":           "/usr/bin/firefox-esr",
			"firefox":               "/usr/bin/firefox", // Ubuntu's wrapper into the snap
			"microsoft-edge-stable": "/usr/bin/microsoft-edge-stable",
			"brave":                 "/snap/bin/brave", // only reachable through PATH
			"flatpak":               "/usr/bin/flatpak",
			"xdg-open":              "/usr/bin/xdg-open",
			"x-www-browser":         "/usr/bin/x-www-browser",
		},
		exists: []string{
			"/snap/bin/firefox",
			"/home/u/.local/share/flatpak/app/com.vivaldi.Vivaldi",
			"/var/lib/flatpak/app/org.chromium.Chromium", // loses to the native chromium
		},
	}
	want := []Browser{
		{ID: "chrome", Name: "Google Chrome", Family: Chromium, Command: []string{"/opt/google/chrome/google-chrome"}},
		{ID: "chromium", Name: "Chromium", Family: Chromium, Command: []string{"/usr/bin/chromium"}},
		{ID: "brave", Name: "Brave", Family: Chromium, Command: []string{"/snap/bin/brave"}, Packaging: "snap", AppID: "brave"},
		{ID: "edge", Name: "Microsoft Edge", Family: Chromium, Command: []string{"/usr/bin/microsoft-edge-stable"}},
		{ID: "vivaldi", Name: "Vivaldi", Family: Chromium, Command: []string{"/usr/bin/flatpak", "run", "com.vivaldi.Vivaldi"}, Packaging: "flatpak", AppID: "com.vivaldi.Vivaldi"},
		{ID: "firefox", Name: "Firefox", Family: Firefox, Command: []string{"/snap/bin/firefox"}, Packaging: "snap", AppID: "firefox"},
		{ID: "default", Name: "Default browser", Family: Default, Command: []string{"/usr/bin/xdg-open"}},
	}
	if got := Detect(m.env("linux")); !reflect.DeepEqual(got, want) {
		t.Errorf("Detect:\n got %+v\nwant %+v", got, want)
	}
}

func TestDetectLinuxFlatpakNeedsFlatpak(t *testing.T) {
	m := fakeMachine{exists: []string{"/var/lib/flatpak/app/org.mozilla.firefox"}}
	if got := Detect(m.env("linux")); len(got) != 0 {
		t.Errorf("without the flatpak command and without an opener, got %+v, want nothing", got)
	}
	m.path = map[string]string{"flatpak": "/usr/bin/flatpak", "www-browser": "/usr/bin/www-browser"}
	want := []Browser{
		{ID: "firefox", Name: "Firefox", Family: Firefox, Command: []string{"/usr/bin/flatpak", "run", "org.mozilla.firefox"}, Packaging: "flatpak", AppID: "org.mozilla.firefox"},
		{ID: "default", Name: "Default browser", Family: Default, Command: []string{"/usr/bin/www-browser"}},
	}
	if got := Detect(m.env("linux")); !reflect.DeepEqual(got, want) {
		t.Errorf("Detect:\n got %+v\nwant %+v", got, want)
	}
}

func TestDetectMac(t *testing.T) {
	m := fakeMachine{
		path: map[string]string{"google-chrome": "/usr/bin/google-chrome"}, // PATH means nothing on macOS
		exists: []string{
			"/Applications/Google Chrome.app",
			"/home/u/Applications/Brave Browser.app",
			"/Applications/Firefox Developer Edition.app",
			"/Applications/Safari.app",
			"/Applications/Arc.app",
		},
	}
	want := []Browser{
		{ID: "chrome", Name: "Google Chrome", Family: Chromium, Command: []string{"open", "-na", "/Applications/Google Chrome.app", "--args"}, App: "/Applications/Google Chrome.app"},
		{ID: "brave", Name: "Brave", Family: Chromium, Command: []string{"open", "-na", "/home/u/Applications/Brave Browser.app", "--args"}, App: "/home/u/Applications/Brave Browser.app"},
		{ID: "firefox-dev", Name: "Firefox Developer Edition", Family: Firefox, Command: []string{"open", "-na", "/Applications/Firefox Developer Edition.app", "--args"}, App: "/Applications/Firefox Developer Edition.app"},
		{ID: "safari", Name: "Safari", Family: Safari, Command: []string{"open", "-a", "/Applications/Safari.app"}, App: "/Applications/Safari.app"},
		{ID: "arc", Name: "Arc", Family: Arc, Command: []string{"open", "-a", "/Applications/Arc.app"}, App: "/Applications/Arc.app"},
		{ID: "default", Name: "Default browser", Family: Default, Command: []string{"open"}},
	}
	if got := Detect(m.env("darwin")); !reflect.DeepEqual(got, want) {
		t.Errorf("Detect:\n got %+v\nwant %+v", got, want)
	}
}

func TestDetectWindows(t *testing.T) {
	m := fakeMachine{exists: []string{
		`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
		`C:\Program Files\Mozilla Firefox\firefox.exe`,
	}}
	want := []Browser{
		{ID: "edge", Name: "Microsoft Edge", Family: Chromium, Command: []string{`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`}},
		{ID: "firefox", Name: "Firefox", Family: Firefox, Command: []string{`C:\Program Files\Mozilla Firefox\firefox.exe`}},
		{ID: "default", Name: "Default browser", Family: Default, Command: []string{"rundll32.exe", "url.dll,FileProtocolHandler"}},
	}
	if got := Detect(m.env("windows")); !reflect.DeepEqual(got, want) {
		t.Errorf("Detect:\n got %+v\nwant %+v", got, want)
	}
}

func TestCatalogueIDsUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, id := range KnownBrowserIDs() {
		if seen[id] {
			t.Errorf("duplicate browser id %q", id)
		}
		seen[id] = true
	}
}
