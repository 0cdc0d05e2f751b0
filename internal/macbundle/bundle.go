package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vaultbar/vaultbar/assets"
)

// bundle is what goes into Vaultbar.app.
type bundle struct {
	Plist    []byte   // Info.plist, versions not yet stamped
	Version  string   // the git version
	ICNS     []byte   // Resources/Vaultbar.icns
	Binaries [][]byte // one thin darwin binary, or several to join into a universal one
}

// trayStates are the tray icons copied into Resources.
var trayStates = []string{assets.Idle, assets.Serving, assets.Busy}

// write builds the bundle at out (…/Vaultbar.app) in a temporary directory beside it and then
// replaces out, so a failed build never leaves a half bundle that still launches:
//
//	Contents/Info.plist                 versions stamped from the git version
//	Contents/MacOS/vaultbar             0755, universal when given several binaries
//	Contents/Resources/Vaultbar.icns    the app icon (CFBundleIconFile)
//	Contents/Resources/tray-<state>Template.png, …@2x.png
//
// The tray templates are named as AppKit's image lookup expects: a "Template" suffix marks a
// template image, and @2x pairs the Retina one with the 22 px one.
func (b bundle) write(out string) error {
	plist, err := stampVersion(b.Plist, bundleVersion(b.Version))
	if err != nil {
		return err
	}
	exe, err := b.executable()
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"Contents/Info.plist":              plist,
		"Contents/MacOS/vaultbar":          exe,
		"Contents/Resources/Vaultbar.icns": b.ICNS,
	}
	for _, state := range trayStates {
		for scale, suffix := range map[int]string{1: "", 2: "@2x"} {
			png, err := assets.Template(state, scale)
			if err != nil {
				return err
			}
			files["Contents/Resources/tray-"+state+"Template"+suffix+".png"] = png
		}
	}

	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), ".macbundle-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // after the rename, a no-op
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	for name, data := range files {
		mode := os.FileMode(0o644)
		if filepath.Base(filepath.Dir(name)) == "MacOS" {
			mode = 0o755
		}
		path := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, mode); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(out); err != nil {
		return fmt.Errorf("remove the old bundle: %w", err)
	}
	return os.Rename(tmp, out)
}

// executable returns Contents/MacOS/vaultbar's bytes.
func (b bundle) executable() ([]byte, error) {
	switch len(b.Binaries) {
	case 0:
		return nil, errors.New("no binary given (-binary FILE, built with GOOS=darwin)")
	case 1:
		return b.Binaries[0], nil
	}
	var fat bytes.Buffer
	if err := writeFat(&fat, b.Binaries); err != nil {
		return nil, err
	}
	return fat.Bytes(), nil
}
