package iconart

import (
	"image"
	"testing"
)

// Each state's template is a valid template, and the states look different from each other
// where the badge goes (the bottom-right corner) and alike elsewhere (the same door).
func TestTemplatesDifferByBadge(t *testing.T) {
	t.Parallel()
	for _, px := range []int{22, 44} {
		imgs := map[string]*image.NRGBA{}
		for _, s := range States {
			img, err := Template(s, px)
			if err != nil {
				t.Fatal(err)
			}
			if err := CheckTemplate(img); err != nil {
				t.Errorf("%s at %d px: %v", s, px, err)
			}
			imgs[s] = img
		}
		corner := image.Rect(px*3/4, px*3/4, px, px)
		for _, pair := range [][2]string{{"idle", "serving"}, {"idle", "busy"}, {"serving", "busy"}} {
			a, b := imgs[pair[0]], imgs[pair[1]]
			if d := alphaDiff(a, b, corner); d < px/4 {
				t.Errorf("%d px: %s and %s differ by %d opaque pixels in the badge corner, want %d or more", px, pair[0], pair[1], d, px/4)
			}
			if d := alphaDiff(a, b, image.Rect(0, 0, px/2, px/2)); d != 0 {
				t.Errorf("%d px: %s and %s differ by %d in the top-left, where only the door is", px, pair[0], pair[1], d)
			}
		}
	}
	if _, err := Template("nope", 22); err == nil {
		t.Error("unknown state gave no error")
	}
}

// alphaDiff sums |alpha a − alpha b| over r, in units of one opaque pixel.
func alphaDiff(a, b *image.NRGBA, r image.Rectangle) int {
	sum := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			d := int(a.NRGBAAt(x, y).A) - int(b.NRGBAAt(x, y).A)
			sum += max(d, -d)
		}
	}
	return sum / 255
}

// The app icon is a tile inside Apple's margin: clear corners, an opaque middle, and the
// white dial hub at the centre on every size the .icns and hicolor use.
func TestAppIconShape(t *testing.T) {
	t.Parallel()
	for _, px := range []int{16, 32, 1024} {
		img := AppIcon(px)
		if a := img.NRGBAAt(0, 0).A; a != 0 {
			t.Errorf("%d px: corner alpha %d", px, a)
		}
		tile := img.NRGBAAt(px*3/10, px/2-px/8)
		if tile.A != 0xff || tile.B < tile.R+0x40 {
			t.Errorf("%d px: tile at (%d,%d) is %v, want opaque blue", px, px*3/10, px/2-px/8, tile)
		}
		// At 16 px the hub is a pixel wide and blends with the blue: lighter is enough there.
		if c := img.NRGBAAt(px/2, px/2); c.A != 0xff || c.R < tile.R+0x40 || (px > 16 && c.R < 0xe0) {
			t.Errorf("%d px: centre %v, want the white hub", px, c)
		}
	}
}
