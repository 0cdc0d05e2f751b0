// Package assets embeds Vaultbar's icons: black-and-alpha template PNGs that macOS recolours
// for the light and dark menu bar, and colour PNGs for Linux and Windows panels, where a
// template icon would vanish on a dark theme.
package assets

import (
	"embed"
	"fmt"
)

//go:embed *.png
var files embed.FS

// Icon names: the tray's states.
const (
	Idle    = "idle"
	Serving = "serving"
	Busy    = "busy"
)

// Icons returns the template and colour PNGs of the icon called name.
func Icons(name string) (template, colour []byte, err error) {
	if template, err = files.ReadFile("template-" + name + ".png"); err != nil {
		return nil, nil, fmt.Errorf("no icon %q: %w", name, err)
	}
	if colour, err = files.ReadFile("colour-" + name + ".png"); err != nil {
		return nil, nil, fmt.Errorf("no icon %q: %w", name, err)
	}
	return template, colour, nil
}
