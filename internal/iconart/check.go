package iconart

import (
	"errors"
	"fmt"
	"image"
)

// CheckTemplate reports whether img is a usable template image: every pixel black (or fully
// transparent), some opaque and some clear. Tests of assets/ and of the app bundle use it.
func CheckTemplate(img image.Image) error {
	b := img.Bounds()
	var opaque, clear bool
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if r|g|bl != 0 {
				return fmt.Errorf("pixel (%d,%d) is coloured (%d,%d,%d alpha %d): a template must be black and alpha only", x, y, r>>8, g>>8, bl>>8, a>>8)
			}
			opaque = opaque || a == 0xffff
			clear = clear || a == 0
		}
	}
	if !opaque || !clear {
		return errors.New("template has no opaque or no clear pixel: it would draw as nothing or as a square")
	}
	return nil
}
