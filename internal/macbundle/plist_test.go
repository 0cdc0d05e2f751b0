package main

import (
	"os"
	"strings"
	"testing"
)

// Stamping changes both versions and nothing else of the real Info.plist.
func TestStampVersion(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../../Info.plist")
	if err != nil {
		t.Fatal(err)
	}
	got, err := stampVersion(src, "1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range versionKeys {
		if !strings.Contains(string(got), "<key>"+key+"</key>\n\t<string>1.2.3</string>") {
			t.Errorf("%s not stamped:\n%s", key, got)
		}
	}
	if back := strings.ReplaceAll(string(got), "1.2.3", "0.0.0"); back != string(src) {
		t.Errorf("stamping changed more than the versions:\n%s", got)
	}
}

// A plist whose version keys were removed or doubled is an error, not a bundle with 0.0.0.
func TestStampVersionRefuses(t *testing.T) {
	t.Parallel()
	one := "<key>CFBundleShortVersionString</key><string>0</string>"
	two := "<key>CFBundleVersion</key><string>0</string>"
	for name, plist := range map[string]string{
		"missing":   one,
		"twice":     one + one + two,
		"no string": one + "<key>CFBundleVersion</key><true/>",
	} {
		if _, err := stampVersion([]byte(plist), "1.2.3"); err == nil || !strings.Contains(err.Error(), "want exactly 1") {
			t.Errorf("%s: error %v", name, err)
		}
	}
}
