package packaging

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// The .deb `make deb` builds holds what a user of the package gets (the command, its desktop
// entry, icons at every hicolor size, the man page, copyright and changelog), declares the
// programs Vaultbar runs, and lintian, pedantic, reports no error or warning on it.
func TestDebContentsAndLintian(t *testing.T) {
	lintian := e2e.Tool(t, "lintian")
	dpkgDeb := e2e.Tool(t, "dpkg-deb")
	deb := e2e.Deb(t)

	files := debFiles(t, dpkgDeb, deb)
	want := []string{
		"/usr/bin/vaultbar",
		"/usr/share/applications/vaultbar.desktop",
		"/usr/share/doc/vaultbar/changelog.gz",
		"/usr/share/doc/vaultbar/copyright",
		"/usr/share/man/man1/vaultbar.1.gz",
	}
	for _, n := range []int{16, 32, 48, 64, 128, 256, 512} {
		want = append(want, fmt.Sprintf("/usr/share/icons/hicolor/%dx%d/apps/vaultbar.png", n, n))
	}
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Errorf("the package's files are\n%s\nwant\n%s", strings.Join(files, "\n"), strings.Join(want, "\n"))
	}

	for field, want := range map[string]string{
		"Package":    "vaultbar",
		"Section":    "utils",
		"Depends":    "libc6 (>= 2.34)",
		"Recommends": "zenity, xdg-utils, xclip | xsel | wl-clipboard, gnome-keyring | libkf5wallet-bin (>= 5.97) | keepassxc",
	} {
		got, err := exec.Command(dpkgDeb, "--field", deb, field).Output()
		if err != nil || strings.TrimSpace(string(got)) != want {
			t.Errorf("%s: %q (%v), want %q", field, got, err, want)
		}
	}

	// -E -I --pedantic: every tag is shown; E: and W: fail, I: P: X: are logged.
	cmd := exec.Command(lintian, "--no-cfg", "-E", "-I", "--pedantic", "--tag-display-limit", "0", deb)
	report, err := cmd.Output()
	if err != nil {
		t.Errorf("lintian: %v", err) // it exits non-zero on an error tag, listed below
	}
	for line := range strings.Lines(string(report)) {
		if strings.HasPrefix(line, "E: ") || strings.HasPrefix(line, "W: ") {
			t.Errorf("lintian: %s", strings.TrimSpace(line))
		} else {
			t.Logf("lintian: %s", strings.TrimSpace(line))
		}
	}
}

// debFiles lists the regular files in deb's data archive, as absolute paths, sorted.
func debFiles(t *testing.T, dpkgDeb, deb string) []string {
	t.Helper()
	out, err := exec.Command(dpkgDeb, "--contents", deb).Output()
	if err != nil {
		t.Fatalf("dpkg-deb --contents %s: %v", deb, err)
	}
	var files []string
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) < 6 || !strings.HasPrefix(fields[0], "-") {
			continue // directories and links
		}
		files = append(files, strings.TrimPrefix(fields[len(fields)-1], "."))
	}
	slices.Sort(files)
	return files
}
