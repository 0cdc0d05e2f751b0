package packaging

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// The cask is Ruby that only Homebrew runs, at release time: check here that Ruby parses it,
// that it names what the bundle and start at login really use (brew uninstall quits the app by
// its bundle id and removes its LaunchAgent by label), and that it downloads what `make zip`
// builds.
func TestHomebrewCask(t *testing.T) {
	t.Parallel()
	cask := e2e.RepoPath(t, "packaging/homebrew/vaultbar.rb")
	if out, err := exec.Command(e2e.Tool(t, "ruby"), "-c", cask).CombinedOutput(); err != nil {
		t.Fatalf("ruby -c: %v\n%s", err, out)
	}
	text := readText(t, cask)
	bundleID := e2e.CheckInfoPlist(t, e2e.RepoPath(t, "Info.plist")).CFBundleIdentifier
	for _, want := range []string{
		`uninstall quit:      "` + bundleID + `"`,
		`launchctl: "` + bundleID + `"`, // desktop/autostart's LaunchAgent label
		`"~/Library/LaunchAgents/` + bundleID + `.plist"`,
		`/Vaultbar-#{version}.zip"`, // scripts/macapp.sh zip's name
		`app "Vaultbar.app"`,
		`binary "#{appdir}/Vaultbar.app/Contents/MacOS/vaultbar"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the cask lacks %s", want)
		}
	}
	agent := readText(t, e2e.RepoPath(t, "desktop/autostart/launchagent.go"))
	if !strings.Contains(agent, `agentLabel = "`+bundleID+`"`) {
		t.Errorf("desktop/autostart's LaunchAgent label is not %s, which the cask removes", bundleID)
	}
}

// scripts/cask.sh stamps a release's version and its zip's checksum, and refuses a build that
// is not a release (a cask for 1.2.3-4-gabc would point at a zip nobody uploaded).
func TestCaskScriptStampsARelease(t *testing.T) {
	t.Parallel()
	zip := filepath.Join(t.TempDir(), "Vaultbar-1.4.2.zip")
	if err := os.WriteFile(zip, []byte("not really a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("not really a zip"))
	script := e2e.RepoPath(t, "scripts/cask.sh")

	out, err := exec.Command(script, zip, "v1.4.2").Output()
	if err != nil {
		t.Fatalf("cask.sh: %v", err)
	}
	for _, want := range []string{`version "1.4.2"`, `sha256 "` + hex.EncodeToString(sum[:]) + `"`} {
		if !strings.Contains(string(out), "\n  "+want+"\n") {
			t.Errorf("stamped cask lacks %s:\n%s", want, out)
		}
	}
	if regexp.MustCompile(`0{64}|"0\.0\.0"`).Match(out) {
		t.Errorf("stamped cask still has a placeholder:\n%s", out)
	}

	cmd := exec.Command(script, zip, "v1.4.2-3-gabcdef0-dirty")
	msg, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(msg), "not a release") {
		t.Errorf("cask.sh of an untagged build: %v, %s; want a refusal", err, msg)
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
