package packaging

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// The .deb `make deb` builds is reproducible, holds what a user of the package gets (the
// command, its desktop entry, icons of every hicolor size at that size, a man page listing
// every command of the usage, copyright and changelog), declares the programs Vaultbar runs,
// and lintian, pedantic, reports no error or warning on it.
func TestDebContentsAndLintian(t *testing.T) {
	lintian := e2e.Tool(t, "lintian")
	dpkgDeb := e2e.Tool(t, "dpkg-deb")
	deb := e2e.Deb(t)
	// Built again from the same tree it is the same file (SOURCE_DATE_EPOCH: the commit's
	// time), so anyone can check a released .deb against the tag.
	if a, b := readFile(t, deb), readFile(t, e2e.Deb(t)); !bytes.Equal(a, b) {
		t.Errorf("two builds of the same tree differ (%d and %d bytes): the .deb is not reproducible", len(a), len(b))
	}

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

	root := t.TempDir()
	if out, err := exec.Command(dpkgDeb, "-x", deb, root).CombinedOutput(); err != nil {
		t.Fatalf("dpkg-deb -x: %v\n%s", err, out)
	}
	checkIcons(t, root)
	checkManPage(t, root)

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

// checkIcons requires each hicolor icon to be a PNG of its directory's size: a desktop picks
// the file by that name and scales whatever it finds.
func checkIcons(t *testing.T, root string) {
	t.Helper()
	for _, n := range []int{16, 32, 48, 64, 128, 256, 512} {
		path := filepath.Join(root, fmt.Sprintf("usr/share/icons/hicolor/%dx%d/apps/vaultbar.png", n, n))
		f, err := os.Open(path)
		if err != nil {
			t.Error(err)
			continue
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != n || cfg.Height != n {
			t.Errorf("%s: %dx%d, %v; want a %dx%d PNG", path, cfg.Width, cfg.Height, err, n, n)
		}
	}
}

// checkManPage requires `man vaultbar` to show what `vaultbar help` says: every command line
// of the packaged binary's usage, under COMMANDS, with no warning from groff.
func checkManPage(t *testing.T, root string) {
	t.Helper()
	groff := e2e.Tool(t, "groff")
	usage, err := exec.Command(filepath.Join(root, "usr/bin/vaultbar"), "help").Output()
	if err != nil {
		t.Fatalf("the packaged vaultbar help: %v", err)
	}
	f, err := os.Open(filepath.Join(root, "usr/share/man/man1/vaultbar.1.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	roff, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(groff, "-man", "-Tascii", "-ww", "-P-cbou", "-rLL=300n")
	cmd.Stdin = bytes.NewReader(roff)
	var page, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &page, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("groff on the packaged man page: %v\n%s", err, stderr.String())
	}
	text := strings.Join(strings.Fields(page.String()), " ")
	_, commands, _ := strings.Cut(text, "COMMANDS")
	for line := range strings.Lines(string(usage)) {
		cmdline, _, _ := strings.Cut(strings.TrimSpace(line), "   ") // the command, not its description
		if strings.HasPrefix(cmdline, "vaultbar ") && !strings.Contains(commands, strings.Join(strings.Fields(cmdline), " ")) {
			t.Errorf("the man page's COMMANDS lack %q:\n%s", cmdline, page.String())
		}
	}
	for _, want := range []string{"NAME vaultbar - aws-vault in the menu bar", "SEE ALSO aws-vault(1)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the man page lacks %q:\n%s", want, page.String())
		}
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
