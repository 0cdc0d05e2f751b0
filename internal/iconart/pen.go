package iconart

import (
	"image"
	"image/draw"

	"golang.org/x/image/vector"
)

// kappa places a cubic Bézier's control points so that four of them draw a circle (error
// under 0.03 %).
const kappa = 0.5522847

// pen draws shapes given in a fixed design grid (unit units wide) onto a square image of any
// size, so one drawing serves every pixel size.
//
// vector.Rasterizer sums signed coverage and clamps it, so shapes drawn in the same direction
// merge and a shape drawn the other way inside one cuts a hole: rings and outlines are an
// outer shape clockwise and an inner one counter-clockwise (ccw).
type pen struct {
	r     vector.Rasterizer
	scale float32
}

func newPen(px int, unit float32) *pen {
	p := &pen{scale: float32(px) / unit}
	p.r.Reset(px, px)
	return p
}

func (p *pen) moveTo(x, y float32) { p.r.MoveTo(x*p.scale, y*p.scale) }
func (p *pen) lineTo(x, y float32) { p.r.LineTo(x*p.scale, y*p.scale) }
func (p *pen) cubeTo(x1, y1, x2, y2, x, y float32) {
	p.r.CubeTo(x1*p.scale, y1*p.scale, x2*p.scale, y2*p.scale, x*p.scale, y*p.scale)
}

// circle adds a circle around (cx, cy); y grows downwards, so clockwise is on screen.
func (p *pen) circle(cx, cy, rad float32, ccw bool) {
	k := rad * kappa
	p.moveTo(cx+rad, cy)
	if !ccw {
		p.cubeTo(cx+rad, cy+k, cx+k, cy+rad, cx, cy+rad)
		p.cubeTo(cx-k, cy+rad, cx-rad, cy+k, cx-rad, cy)
		p.cubeTo(cx-rad, cy-k, cx-k, cy-rad, cx, cy-rad)
		p.cubeTo(cx+k, cy-rad, cx+rad, cy-k, cx+rad, cy)
	} else {
		p.cubeTo(cx+rad, cy-k, cx+k, cy-rad, cx, cy-rad)
		p.cubeTo(cx-k, cy-rad, cx-rad, cy-k, cx-rad, cy)
		p.cubeTo(cx-rad, cy+k, cx-k, cy+rad, cx, cy+rad)
		p.cubeTo(cx+k, cy+rad, cx+rad, cy+k, cx+rad, cy)
	}
	p.r.ClosePath()
}

// ring adds a circular band of the given stroke width centred on radius rad.
func (p *pen) ring(cx, cy, rad, width float32) {
	p.circle(cx, cy, rad+width/2, false)
	p.circle(cx, cy, rad-width/2, true)
}

// roundRect adds the rectangle x0,y0–x1,y1 with corners of radius rad.
func (p *pen) roundRect(x0, y0, x1, y1, rad float32, ccw bool) {
	k := rad * (1 - kappa)
	if !ccw {
		p.moveTo(x0+rad, y0)
		p.lineTo(x1-rad, y0)
		p.cubeTo(x1-k, y0, x1, y0+k, x1, y0+rad)
		p.lineTo(x1, y1-rad)
		p.cubeTo(x1, y1-k, x1-k, y1, x1-rad, y1)
		p.lineTo(x0+rad, y1)
		p.cubeTo(x0+k, y1, x0, y1-k, x0, y1-rad)
		p.lineTo(x0, y0+rad)
		p.cubeTo(x0, y0+k, x0+k, y0, x0+rad, y0)
	} else {
		p.moveTo(x0+rad, y0)
		p.cubeTo(x0+k, y0, x0, y0+k, x0, y0+rad)
		p.lineTo(x0, y1-rad)
		p.cubeTo(x0, y1-k, x0+k, y1, x0+rad, y1)
		p.lineTo(x1-rad, y1)
		p.cubeTo(x1-k, y1, x1, y1-k, x1, y1-rad)
		p.lineTo(x1, y0+rad)
		p.cubeTo(x1, y0+k, x1-k, y0, x1-rad, y0)
	}
	p.r.ClosePath()
}

// frame adds the outline of a rounded rectangle: the band of the given width inside its edge.
func (p *pen) frame(x0, y0, x1, y1, rad, width float32) {
	p.roundRect(x0, y0, x1, y1, rad, false)
	p.roundRect(x0+width, y0+width, x1-width, y1-width, max(rad-width, 0), true)
}

// rect adds an axis-aligned rectangle, clockwise.
func (p *pen) rect(x0, y0, x1, y1 float32) {
	p.moveTo(x0, y0)
	p.lineTo(x1, y0)
	p.lineTo(x1, y1)
	p.lineTo(x0, y1)
	p.r.ClosePath()
}

// fill paints what was added with src over dst and starts a new shape.
func (p *pen) fill(dst draw.Image, src image.Image) {
	b := dst.Bounds()
	p.r.Draw(dst, b, src, b.Min)
	p.r.Reset(b.Dx(), b.Dy())
}

// erase makes dst transparent under what was added, in proportion to its coverage, and
// starts a new shape. (draw.Src with a mask would also clear everything outside the shape.)
func (p *pen) erase(dst *image.NRGBA) {
	b := dst.Bounds()
	mask := image.NewAlpha(b)
	p.fill(mask, image.Opaque)
	for i, m := range mask.Pix {
		a := &dst.Pix[i*4+3]
		*a = uint8(uint32(*a) * uint32(255-m) / 255)
	}
}
