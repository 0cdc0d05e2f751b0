package urlevents

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"regexp"
	"slices"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// infoPlist is what the test reads of packaging/macos/Info.plist.
type infoPlist struct {
	CFBundleIdentifier, CFBundleName, CFBundleDisplayName, CFBundleExecutable string
	CFBundlePackageType, CFBundleShortVersionString, CFBundleVersion          string
	CFBundleIconFile, LSMinimumSystemVersion, NSHumanReadableCopyright        string
	LSUIElement                                                               *bool
	CFBundleURLTypes                                                          []struct {
		CFBundleURLName    string
		CFBundleURLSchemes []string
		CFBundleTypeRole   string
	}
}

// TestInfoPlist reads the bundle's Info.plist with a real plist parser (Python's plistlib):
// macOS delivers vaultbar:// URLs to Start only for a bundle that declares the scheme, and the
// app must be a menu-bar agent (no Dock icon).
func TestInfoPlist(t *testing.T) {
	path := e2e.RepoPath(t, "packaging/macos/Info.plist")
	var stderr bytes.Buffer
	cmd := exec.Command(e2e.Tool(t, "python3"), "-c",
		"import json, plistlib, sys; json.dump(plistlib.load(open(sys.argv[1], 'rb')), sys.stdout)", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("plistlib cannot read %s: %v\n%s", path, err, &stderr)
	}
	var p infoPlist
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}

	for _, kv := range []struct{ key, got, want string }{
		{"CFBundleIdentifier", p.CFBundleIdentifier, "dev.vaultbar.Vaultbar"},
		{"CFBundleName", p.CFBundleName, "Vaultbar"},
		{"CFBundleDisplayName", p.CFBundleDisplayName, "Vaultbar"},
		{"CFBundleExecutable", p.CFBundleExecutable, "vaultbar"}, // Contents/MacOS/vaultbar, as `make build` names it
		{"CFBundlePackageType", p.CFBundlePackageType, "APPL"},
		{"CFBundleIconFile", p.CFBundleIconFile, "Vaultbar"},
		{"LSMinimumSystemVersion", p.LSMinimumSystemVersion, "12.0"}, // Go 1.26 runs on macOS 12 and later
	} {
		if kv.got != kv.want {
			t.Errorf("%s = %q, want %q", kv.key, kv.got, kv.want)
		}
	}
	// Placeholders that the packaging step stamps; macOS wants integers separated by periods.
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(p.CFBundleShortVersionString) {
		t.Errorf("CFBundleShortVersionString = %q, want three period-separated integers", p.CFBundleShortVersionString)
	}
	if !regexp.MustCompile(`^\d+(\.\d+){0,2}$`).MatchString(p.CFBundleVersion) {
		t.Errorf("CFBundleVersion = %q, want one to three period-separated integers", p.CFBundleVersion)
	}
	if p.LSUIElement == nil || !*p.LSUIElement {
		t.Error("LSUIElement is not the boolean true: the app would show a Dock icon")
	}
	if p.NSHumanReadableCopyright == "" {
		t.Error("NSHumanReadableCopyright is empty")
	}

	if len(p.CFBundleURLTypes) != 1 {
		t.Fatalf("CFBundleURLTypes has %d entries, want 1", len(p.CFBundleURLTypes))
	}
	u := p.CFBundleURLTypes[0]
	if u.CFBundleURLName != "dev.vaultbar.url" || !slices.Equal(u.CFBundleURLSchemes, []string{"vaultbar"}) || u.CFBundleTypeRole != "Viewer" {
		t.Errorf("CFBundleURLTypes[0] = %+v, want dev.vaultbar.url, [vaultbar], Viewer", u)
	}
}
