package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
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
func scaled(src image.Image, px int) *image.NRGBA {
	if src.Bounds().Dx() == px {
		if n, ok := src.(*image.NRGBA); ok {
			return n
		}
	}
	dst := image.NewNRGBA(image.Rect(0, 0, px, px))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
}

func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
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

// writeFile writes b to path through a temporary file renamed over it, so a failed run leaves
// the old file or none, never half an icon.
func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".iconset-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename, a no-op
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
