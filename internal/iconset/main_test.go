package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/icns"
	"github.com/vaultbar/vaultbar/internal/iconart"
)

// source is the committed app icon source, as `make app` and `make deb` use it.
const source = "../../assets/app-icon.png"

func decodeFile(t *testing.T, path string) image.Image {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// -icns writes a file that decodes to every ic07..ic14 size, each a real downscale of the
// source: a transparent corner and the blue tile in the middle, as Finder would show them.
func TestICNS(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "Vaultbar.icns")
	if err := run(source, out, "", 0, "", nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	elems, err := icns.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(elems) != len(icns.Types) {
		t.Fatalf("%d elements, want %d", len(elems), len(icns.Types))
	}
	for i, e := range elems {
		img, err := png.Decode(bytes.NewReader(e.PNG))
		if err != nil {
			t.Fatal(err)
		}
		px := icns.Types[i].Pixels
		if e.OSType != icns.Types[i].OSType || img.Bounds().Dx() != px {
			t.Errorf("element %d: %s %v, want %s %dpx", i, e.OSType, img.Bounds(), icns.Types[i].OSType, px)
		}
		looksLikeTheIcon(t, e.OSType, img)
	}
}

// looksLikeTheIcon checks the scaled icon kept the tile: corners transparent (the margin of
// Apple's grid), the point a quarter of the way in opaque blue.
func looksLikeTheIcon(t *testing.T, name string, img image.Image) {
	t.Helper()
	px := img.Bounds().Dx()
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Errorf("%s: corner alpha %d, want transparent", name, a>>8)
	}
	r, g, b, a := img.At(px/4, px/2).RGBA()
	if a>>8 < 0xf0 || b <= r || b <= g {
		t.Errorf("%s: (%d,%d) is %d,%d,%d alpha %d, want opaque blue", name, px/4, px/2, r>>8, g>>8, b>>8, a>>8)
	}
}

// -hicolor writes the theme layout a .deb installs under /usr/share/icons/hicolor.
func TestHicolor(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := run(source, "", dir, 0, "", nil); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, px := range []int{16, 32, 48, 64, 128, 256, 512} {
		path := fmt.Sprintf("%dx%d/apps/vaultbar.png", px, px)
		want = append(want, path)
		img := decodeFile(t, filepath.Join(dir, path))
		if img.Bounds() != image.Rect(0, 0, px, px) {
			t.Errorf("%s is %v", path, img.Bounds())
		}
		looksLikeTheIcon(t, path, img)
	}
	var got []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	slices.Sort(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files %v, want %v (no stray temporary files)", got, want)
	}
}

func TestPNG(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "icon.png")
	if err := run(source, "", "", 100, "", []string{out}); err != nil {
		t.Fatal(err)
	}
	if img := decodeFile(t, out); img.Bounds().Dx() != 100 {
		t.Errorf("%v, want 100 px", img.Bounds())
	}
}

// The committed PNGs in assets/ are what -draw writes today, so they can be made again:
// drawing code and assets do not drift apart. (Pixels within 2 levels: the rasteriser's
// SIMD and plain paths may round differently.)
func TestAssetsAreDrawn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := run("", "", "", 0, dir, nil); err != nil {
		t.Fatal(err)
	}
	names := []string{"app-icon.png"}
	for _, s := range iconart.States {
		names = append(names, "template-"+s+".png", "template-"+s+"@2x.png")
	}
	for _, name := range names {
		drawn, committed := decodeFile(t, filepath.Join(dir, name)), decodeFile(t, filepath.Join("../../assets", name))
		if err := samePixels(drawn, committed, 2); err != nil {
			t.Errorf("assets/%s differs from what it is drawn as: %v (run go run ./internal/iconset -draw assets)", name, err)
		}
	}
}

func samePixels(a, b image.Image, tolerance uint32) error {
	if a.Bounds() != b.Bounds() {
		return fmt.Errorf("bounds %v vs %v", a.Bounds(), b.Bounds())
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, aa := a.At(x, y).RGBA()
			br, bg, bb, ba := b.At(x, y).RGBA()
			for _, d := range [][2]uint32{{ar, br}, {ag, bg}, {ab, bb}, {aa, ba}} {
				if max(d[0], d[1])-min(d[0], d[1]) > tolerance*0x101 {
					return fmt.Errorf("pixel (%d,%d): %v vs %v", x, y, a.At(x, y), b.At(x, y))
				}
			}
		}
	}
	return nil
}

// Bad command lines and bad sources give one clear error and write nothing.
func TestErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	small := filepath.Join(dir, "small.png")
	if err := writePNG(small, image.NewNRGBA(image.Rect(0, 0, 512, 512))); err != nil {
		t.Fatal(err)
	}
	notPNG := filepath.Join(dir, "x.png")
	os.WriteFile(notPNG, []byte("GIF89a"), 0o644)
	out := filepath.Join(dir, "out.icns")
	for _, c := range []struct {
		name   string
		err    error
		usage  bool
		substr string
	}{
		{"nothing", run(source, "", "", 0, "", nil), true, "nothing to do"},
		{"png without file", run(source, "", "", 16, "", nil), true, "exactly one file"},
		{"stray argument", run(source, out, "", 0, "", []string{"x"}), true, "not allowed"},
		{"upscale", run(source, "", "", 2048, "", []string{out}), true, "scaling up"},
		{"missing source", run(filepath.Join(dir, "none.png"), out, "", 0, "", nil), false, "pass -src"},
		{"small source", run(small, out, "", 0, "", nil), false, "at least 1024"},
		{"not png", run(notPNG, out, "", 0, "", nil), false, "not a png"},
	} {
		var u usageError
		if c.err == nil || errors.As(c.err, &u) != c.usage || !strings.Contains(c.err.Error(), c.substr) {
			t.Errorf("%s: error %v (usage %v), want one containing %q (usage %v)", c.name, c.err, errors.As(c.err, &u), c.substr, c.usage)
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed run left %s: %v", out, err)
	}
}
