// Command macbundle assembles Vaultbar.app from a built darwin binary, the repository's
// Info.plist and the icons, and packs it into the release zip. scripts/macapp.sh runs it for
// `make app` and `make zip`:
//
//	go run ./internal/macbundle -version v1.2.3 -plist Info.plist -icns Vaultbar.icns \
//	    -binary vaultbar-arm64 [-binary vaultbar-amd64] -o dist/Vaultbar.app
//	go run ./internal/macbundle -zip dist/Vaultbar-1.2.3.zip dist/Vaultbar.app
//
// It is pure Go so that Linux builds, and tests, the same bundle a Mac does: with two
// -binary flags it writes a universal binary itself (a Mac uses lipo and passes one). Signing
// stays in the script, since only a Mac can sign.
package main

import (
	"flag"
	"fmt"
	"os"
)

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return fmt.Sprint(*m) }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	var binaries multi
	flag.Var(&binaries, "binary", "a darwin `binary` for Contents/MacOS/vaultbar; repeat for a universal binary")
	version := flag.String("version", "", "the git `version` (git describe --tags --always --dirty)")
	plist := flag.String("plist", "Info.plist", "the Info.plist `file` to stamp and copy")
	icnsFile := flag.String("icns", "", "the app icon `file` (go run ./internal/iconset -icns FILE)")
	out := flag.String("o", "", "the bundle `dir` to write, ending in .app")
	zipOut := flag.String("zip", "", "instead, pack the bundle named by the argument into this zip `file`")
	flag.Parse()

	var err error
	switch {
	case *zipOut != "":
		if flag.NArg() != 1 {
			usage("-zip FILE takes one bundle argument")
		}
		err = writeZip(*zipOut, flag.Arg(0))
	default:
		if *out == "" || *icnsFile == "" || *version == "" || flag.NArg() != 0 {
			usage("-o DIR.app, -icns FILE and -version are required, and no arguments")
		}
		err = build(*out, *plist, *icnsFile, *version, binaries)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "macbundle:", err)
		os.Exit(1)
	}
}

func usage(msg string) {
	fmt.Fprintln(os.Stderr, "macbundle:", msg)
	flag.Usage()
	os.Exit(2)
}

func build(out, plistPath, icnsPath, version string, binPaths []string) error {
	b := bundle{Version: version}
	var err error
	if b.Plist, err = os.ReadFile(plistPath); err != nil {
		return fmt.Errorf("read Info.plist: %w (run from the repository root, or pass -plist)", err)
	}
	if b.ICNS, err = os.ReadFile(icnsPath); err != nil {
		return fmt.Errorf("read the icon: %w (make it with go run ./internal/iconset -icns FILE)", err)
	}
	for _, p := range binPaths {
		bin, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read the binary: %w", err)
		}
		b.Binaries = append(b.Binaries, bin)
	}
	return b.write(out)
}
