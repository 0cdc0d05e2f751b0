package main

import (
	"fmt"
	"image"
	"path/filepath"
	"strconv"

	"github.com/vaultbar/vaultbar/internal/icns"
	"github.com/vaultbar/vaultbar/internal/iconart"
)

// HicolorSizes are the freedesktop icon theme sizes written by -hicolor: the Icon Theme
// spec's required 48 plus what panels, menus and software centres ask for.
var HicolorSizes = []int{16, 32, 48, 64, 128, 256, 512}

// HicolorName is the icon's name in the theme, the desktop file's Icon= value.
const HicolorName = "vaultbar"

func writeICNS(source image.Image, path string) error {
	var elems []icns.Element
	pngs := map[int][]byte{} // ic08 and ic13 are both 256 px, ic09 and ic14 both 512
	for _, t := range icns.Types {
		b, ok := pngs[t.Pixels]
		if !ok {
			var err error
			if b, err = encodePNG(scaled(source, t.Pixels)); err != nil {
				return err
			}
			pngs[t.Pixels] = b
		}
		elems = append(elems, icns.Element{OSType: t.OSType, PNG: b})
	}
	file, err := icns.Encode(elems)
	if err != nil {
		return err
	}
	return writeFile(path, file)
}

// writeHicolor writes dir/<N>x<N>/apps/vaultbar.png: dir is a theme's root, such as
// /usr/share/icons/hicolor in a package's staging tree.
func writeHicolor(source image.Image, dir string) error {
	for _, px := range HicolorSizes {
		n := strconv.Itoa(px)
		if err := writePNG(filepath.Join(dir, n+"x"+n, "apps", HicolorName+".png"), scaled(source, px)); err != nil {
			return err
		}
	}
	return nil
}

// drawSources writes what assets/ holds: app-icon.png (1024 px) and each tray state's
// template at @1x (22 px, template-<state>.png) and @2x (44 px, template-<state>@2x.png),
// the names AppKit's image lookup pairs by scale.
func drawSources(dir string) error {
	if err := writePNG(filepath.Join(dir, "app-icon.png"), iconart.AppIcon(minSource)); err != nil {
		return err
	}
	for _, state := range iconart.States {
		for _, s := range []struct {
			px     int
			suffix string
		}{{22, ""}, {44, "@2x"}} {
			img, err := iconart.Template(state, s.px)
			if err != nil {
				return err
			}
			if err := writePNG(filepath.Join(dir, fmt.Sprintf("template-%s%s.png", state, s.suffix)), img); err != nil {
				return err
			}
		}
	}
	return nil
}
