package e2e

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"regexp"
	"slices"
	"testing"
)

// InfoPlist is what the tests read of Vaultbar's Info.plist.
type InfoPlist struct {
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

// CheckInfoPlist reads the Info.plist at path with a real plist parser (Python's plistlib)
// and checks what macOS needs of Vaultbar's bundle: vaultbar:// URLs reach the app only when
// the bundle declares the scheme, the app must be a menu-bar agent (no Dock icon), and the
// versions must be integers separated by periods. It returns the parsed plist for further checks.
func CheckInfoPlist(t testing.TB, path string) InfoPlist {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(Tool(t, "python3"), "-c",
		"import json, plistlib, sys; json.dump(plistlib.load(open(sys.argv[1], 'rb')), sys.stdout)", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("plistlib cannot read %s: %v\n%s", path, err, &stderr)
	}
	var p InfoPlist
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}

	for _, kv := range []struct{ key, got, want string }{
		{"CFBundleIdentifier", p.CFBundleIdentifier, "dev.vaultbar.Vaultbar"},
		{"CFBundleName", p.CFBundleName, "Vaultbar"},
		{"CFBundleDisplayName", p.CFBundleDisplayName, "Vaultbar"},
		{"CFBundleExecutable", p.CFBundleExecutable, "vaultbar"}, // Contents/MacOS/vaultbar, as `make build` names it
		{"CFBundlePackageType", p.CFBundlePackageType, "APPL"},
		{"CFBundleIconFile", p.CFBundleIconFile, "Vaultbar"},         // Contents/Resources/Vaultbar.icns
		{"LSMinimumSystemVersion", p.LSMinimumSystemVersion, "12.0"}, // Go 1.26 runs on macOS 12 and later
	} {
		if kv.got != kv.want {
			t.Errorf("%s = %q, want %q", kv.key, kv.got, kv.want)
		}
	}
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
	return p
}
