// Package assets embeds Vaultbar's icons: black-and-alpha template PNGs that macOS recolours
// for the light and dark menu bar, and colour PNGs for Linux and Windows panels, where a
// template icon would vanish on a dark theme.
//
// The templates and app-icon.png (the app icon's 1024 px source, not embedded: only
// internal/iconset reads it) are drawn by internal/iconart; redraw them with
// `go run ./internal/iconset -draw assets`.
package assets

import (
	"embed"
	"fmt"
)

//go:embed colour-*.png template-*.png
var files embed.FS

// Icon names: the tray's states.
const (
	Idle    = "idle"
	Serving = "serving"
	Busy    = "busy"
)

// Icons returns the template and colour PNGs of the icon called name. The template is the
// @2x one (44 px): systray's SetTemplateIcon takes a single image and draws it 16 pt high,
// so the larger one stays sharp on a Retina menu bar.
func Icons(name string) (template, colour []byte, err error) {
	if template, err = Template(name, 2); err != nil {
		return nil, nil, err
	}
	if colour, err = files.ReadFile("colour-" + name + ".png"); err != nil {
		return nil, nil, fmt.Errorf("no icon %q: %w", name, err)
	}
	return template, colour, nil
}

// Template returns the template PNG of the icon called name at scale 1 (22 px) or 2 (44 px).
func Template(name string, scale int) ([]byte, error) {
	file := "template-" + name + ".png"
	switch scale {
	case 1:
	case 2:
		file = "template-" + name + "@2x.png"
	default:
		return nil, fmt.Errorf("no icon %q at scale %d (want 1 or 2)", name, scale)
	}
	b, err := files.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("no icon %q: %w", name, err)
	}
	return b, nil
}
