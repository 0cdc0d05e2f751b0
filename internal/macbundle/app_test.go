package main

import (
	"archive/zip"
	"bytes"
	"debug/macho"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/icns"
	"github.com/vaultbar/vaultbar/internal/iconart"
)

// TestMakeApp runs what `make app` and `make zip` run on Linux (scripts/macapp.sh, which
// cross-builds the darwin binary: slow the first time, ~40 s, then cached) and checks the
// bundle the way macOS reads it: the plist parses and names the stamped version, the icon
// decodes to every size, the executable is an arm64 Mach-O, the tray templates are templates,
// and the zip unpacks to Vaultbar.app with its executable bit.
func TestMakeApp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a darwin binary")
	}
	dist := t.TempDir()
	for _, step := range []string{"app", "zip"} {
		cmd := exec.Command(e2e.RepoPath(t, "scripts/macapp.sh"), step)
		cmd.Env = append(os.Environ(), "DIST="+dist, "VERSION=v1.4.2-3-gabcdef1-dirty", "MAC_ARCHS=arm64", "GO="+e2e.Tool(t, "go"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("macapp.sh %s: %v\n%s", step, err, out)
		}
	}
	app := filepath.Join(dist, "Vaultbar.app")
	contents := filepath.Join(app, "Contents")

	p := e2e.CheckInfoPlist(t, filepath.Join(contents, "Info.plist"))
	if p.CFBundleShortVersionString != "1.4.2" || p.CFBundleVersion != "1.4.2" {
		t.Errorf("versions %q, %q; want 1.4.2 from v1.4.2-3-gabcdef1-dirty", p.CFBundleShortVersionString, p.CFBundleVersion)
	}

	b, err := os.ReadFile(filepath.Join(contents, "Resources", p.CFBundleIconFile+".icns"))
	if err != nil {
		t.Fatal(err)
	}
	elems, err := icns.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range elems {
		types = append(types, e.OSType)
	}
	if !slices.Equal(types, []string{"ic07", "ic08", "ic09", "ic10", "ic11", "ic12", "ic13", "ic14"}) {
		t.Errorf("icns holds %v, want ic07..ic14", types)
	}

	exe := filepath.Join(contents, "MacOS", p.CFBundleExecutable)
	if fi, err := os.Stat(exe); err != nil || fi.Mode().Perm() != 0o755 {
		t.Fatalf("executable %s: %v %v, want mode 0755", exe, fi.Mode(), err)
	}
	f, err := macho.Open(exe)
	if err != nil {
		t.Fatalf("Contents/MacOS/vaultbar is not a thin Mach-O: %v", err)
	}
	if f.Cpu != macho.CpuArm64 || f.Type != macho.TypeExec {
		t.Errorf("executable is %v %v, want an arm64 executable", f.Cpu, f.Type)
	}
	f.Close()

	for _, state := range trayStates {
		for _, suffix := range []string{"", "@2x"} {
			b, err := os.ReadFile(filepath.Join(contents, "Resources", "tray-"+state+"Template"+suffix+".png"))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if err := iconart.CheckTemplate(img); err != nil {
				t.Errorf("%s%s: %v", state, suffix, err)
			}
		}
	}

	checkZip(t, filepath.Join(dist, "Vaultbar-1.4.2-3-gabcdef1-dirty.zip"), app)
}

// checkZip checks that the zip holds exactly the bundle, rooted at Vaultbar.app/, with the
// same bytes and the executable still executable.
func checkZip(t *testing.T, path, app string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "Vaultbar.app/") {
			t.Errorf("zip entry %s is outside Vaultbar.app/", zf.Name)
			continue
		}
		if zf.FileInfo().IsDir() {
			continue
		}
		files++
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		disk := filepath.Join(filepath.Dir(app), filepath.FromSlash(zf.Name))
		want, err := os.ReadFile(disk)
		fi, _ := os.Stat(disk)
		if err != nil || !bytes.Equal(got, want) || zf.Mode().Perm() != fi.Mode().Perm() {
			t.Errorf("zip entry %s (mode %v) differs from the bundle's file: %v", zf.Name, zf.Mode(), err)
		}
	}
	if files != 9 { // Info.plist, the executable, the icns, 3 states × 2 templates
		t.Errorf("zip holds %d files, want 9", files)
	}
}
