package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"

	"golang.org/x/image/draw"

	"github.com/vaultbar/vaultbar/internal/atomicfile"
)

// minSource is the smallest source accepted: the .icns wants 1024 px (512 pt @2x), and
// scaling up would ship a blurred Retina icon.
const minSource = 1024

// loadSource reads the app icon source and checks that it can make every size.
func loadSource(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read the icon source: %w (run from the repository root, or pass -src)", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("icon source %s is not a png: %w", path, err)
	}
	if b := img.Bounds(); b.Dx() != b.Dy() || b.Dx() < minSource {
		return nil, fmt.Errorf("icon source %s is %dx%d, want a square of at least %d px (redraw it with -draw assets)", path, b.Dx(), b.Dy(), minSource)
	}
	return img, nil
}

// scaled returns src resized to px×px. Catmull-Rom widens its kernel by the scale factor
// when shrinking, so even 1024→16 averages every source pixel rather than skipping most.
// The destination is premultiplied RGBA: x/image/draw has fast paths only for that, and
// filtering premultiplied colour also keeps transparent pixels' colour from bleeding into the
// tile's anti-aliased edge.
func scaled(src image.Image, px int) image.Image {
	if src.Bounds().Dx() == px {
		return src
	}
	dst := image.NewRGBA(image.Rect(0, 0, px, px))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
}

func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writePNG(path string, img image.Image) error {
	b, err := encodePNG(img)
	if err != nil {
		return err
	}
	return writeFile(path, b)
}

// writeFile writes b to path whole or not at all, so a failed run never leaves half an icon.
func writeFile(path string, b []byte) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
