// Package iconart draws Vaultbar's icons from code, so the PNGs in assets/ can be made again
// and changed in review: a vault door (a rounded square) with a dial (a ring, a hub, four
// spokes to the door). The app icon puts it in white on a blue macOS tile; the menu-bar
// templates are the bare door in black, with a badge for the tray's state. internal/iconset
// writes them (`go run ./internal/iconset -draw assets`).
package iconart

import (
	"fmt"
	"image"
	"image/color"
)

// States are the tray states that have a template icon, as named in package assets.
var States = []string{"idle", "serving", "busy"}

// tgrid is the templates' design grid: 44 units, one per pixel of the @2x icon, so strokes
// land on whole pixels at 44 px and on halves at 22 px.
const tgrid = 44

// Template draws the menu-bar template icon of state at px×px: black and alpha only, as
// AppKit wants to tint it for a light or dark menu bar (a colour in a template turns into a
// blob).
func Template(state string, px int) (*image.NRGBA, error) {
	img := image.NewNRGBA(image.Rect(0, 0, px, px))
	black := image.NewUniform(color.Black)
	p := newPen(px, tgrid)

	const c = tgrid / 2
	p.frame(4, 4, 40, 40, 9, 4) // the door
	p.ring(c, c, 9, 4)          // the dial
	p.circle(c, c, 3, false)    // its hub
	for _, s := range [][4]float32{{c - 1.5, 8, c + 1.5, 13}, {c - 1.5, 31, c + 1.5, 36}, {8, c - 1.5, 13, c + 1.5}, {31, c - 1.5, 36, c + 1.5}} {
		p.rect(s[0], s[1], s[2], s[3]) // the spokes, door to dial
	}
	p.fill(img, black)

	switch state {
	case "idle":
	case "serving", "busy":
		// A badge in the bottom-right corner, cut clear of the door so it reads at 22 px.
		const bx, by = 36, 36
		p.circle(bx, by, 9, false)
		p.erase(img)
		if state == "serving" {
			p.circle(bx, by, 6.5, false) // running: a solid dot
		} else {
			p.ring(bx, by, 5, 3) // in progress: a hollow one
		}
		p.fill(img, black)
	default:
		return nil, fmt.Errorf("no template icon for state %q (known: %v)", state, States)
	}
	return img, nil
}
