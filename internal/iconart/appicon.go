package iconart

import (
	"image"
	"image/color"
)

// agrid is the app icon's design grid, Apple's 1024-point canvas. The tile takes 824 of it
// with a 100-unit margin, as in Apple's macOS app icon template (Big Sur and later), so the
// icon lines up with its neighbours in the Dock and Finder.
const agrid = 1024

// Tile geometry and colours. The blue is the colour tray icons' idle blue, deepened towards
// the bottom as macOS icons are lit from above.
const (
	tile0, tile1 = 100, 924
	tileRadius   = 185
)

var (
	tileTop    = color.NRGBA{0x3d, 0x8b, 0xe0, 0xff}
	tileBottom = color.NRGBA{0x1c, 0x55, 0xa8, 0xff}
	ink        = color.NRGBA{0xf5, 0xf8, 0xfc, 0xff}
)

// AppIcon draws the application icon at px×px: the vault door in white on a blue rounded
// tile, with a soft shadow below it. Strokes are heavy (a twelfth of the tile or more) so the
// door and dial still read at 16 px, where the tile is 13 pixels wide.
func AppIcon(px int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, px, px))
	p := newPen(px, agrid)

	// The shadow: three offset copies of the tile, fainter as they spread.
	for i, a := range []uint8{0x14, 0x14, 0x18} {
		d := float32(6 * (3 - i))
		p.roundRect(tile0-d/2, tile0+d, tile1+d/2, tile1+d*1.5, tileRadius+d, false)
		p.fill(img, image.NewUniform(color.NRGBA{A: a}))
	}
	p.roundRect(tile0, tile0, tile1, tile1, tileRadius, false)
	p.fill(img, gradient{top: tileTop, bottom: tileBottom, y0: tile0 * float64(px) / agrid, y1: tile1 * float64(px) / agrid})

	const c = agrid / 2
	p.frame(212, 212, 812, 812, 110, 60) // the door
	p.ring(c, c, 170, 64)                // the dial
	p.circle(c, c, 62, false)            // its hub
	const w, in, out = 30, 272, 340      // spoke half-width, door edge, dial edge
	p.rect(c-w, in, c+w, out)
	p.rect(c-w, agrid-out, c+w, agrid-in)
	p.rect(in, c-w, out, c+w)
	p.rect(agrid-out, c-w, agrid-in, c+w)
	p.fill(img, image.NewUniform(ink))
	return img
}

// gradient is a vertical linear gradient from top at y0 to bottom at y1, flat beyond.
type gradient struct {
	top, bottom color.NRGBA
	y0, y1      float64
}

func (gradient) ColorModel() color.Model { return color.NRGBAModel }
func (gradient) Bounds() image.Rectangle {
	return image.Rect(-1e9, -1e9, 1e9, 1e9)
}

func (g gradient) At(_, y int) color.Color {
	t := min(max((float64(y)+0.5-g.y0)/(g.y1-g.y0), 0), 1)
	mix := func(a, b uint8) uint8 { return uint8(float64(a) + (float64(b)-float64(a))*t + 0.5) }
	return color.NRGBA{mix(g.top.R, g.bottom.R), mix(g.top.G, g.bottom.G), mix(g.top.B, g.bottom.B), 0xff}
}
