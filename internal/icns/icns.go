// Package icns writes and reads Apple icon files (.icns), the format a macOS bundle's
// CFBundleIconFile names. Only the PNG-typed elements ic07..ic14 are written: macOS 10.7 and
// later read them, and they cover every size Finder and the Dock draw (16..512 pt at @1x and
// @2x). The decoder exists to test the encoder and the bundle; it refuses anything it cannot
// account for byte by byte.
//
// Layout (Apple's IconFamily.h, as documented on Wikipedia "Apple Icon Image format"): the
// magic "icns" and a big-endian uint32 with the whole file's length, then elements, each a
// four-byte OSType, a big-endian uint32 length that counts its own 8-byte header, and data.
package icns

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image/png"
	"slices"
)

// headerLen is the length of the file header and of each element's header.
const headerLen = 8

// Type is an element's OSType and the pixel size of the square PNG it holds.
type Type struct {
	OSType string
	Pixels int
}

// Types are the PNG element types, in the order Encode writes them. Several share a pixel
// size (ic08 is 256 pt @1x, ic13 is 128 pt @2x): macOS picks by type, so both are written.
var Types = []Type{
	{"ic07", 128}, {"ic08", 256}, {"ic09", 512}, {"ic10", 1024},
	{"ic11", 32}, {"ic12", 64}, {"ic13", 256}, {"ic14", 512},
}

// Pixels returns the pixel size of osType's PNG, or false for a type this package does not write.
func Pixels(osType string) (int, bool) {
	i := slices.IndexFunc(Types, func(t Type) bool { return t.OSType == osType })
	if i < 0 {
		return 0, false
	}
	return Types[i].Pixels, true
}

// Element is one icon in the file: its OSType and its PNG bytes.
type Element struct {
	OSType string
	PNG    []byte
}

// Encode returns the .icns file holding elems in the given order. Each element must be a
// known type and a square PNG of that type's size: a wrong size is drawn blurred or not at all
// by Finder, with no error anywhere, so it is caught here.
func Encode(elems []Element) ([]byte, error) {
	total := headerLen
	seen := map[string]bool{}
	for _, e := range elems {
		if err := check(e); err != nil {
			return nil, fmt.Errorf("icns: %w", err)
		}
		if seen[e.OSType] {
			return nil, fmt.Errorf("icns: element %s given twice", e.OSType)
		}
		seen[e.OSType] = true
		total += headerLen + len(e.PNG)
	}
	if uint64(total) > 1<<32-1 {
		return nil, errors.New("icns: icons too large for the format's 32-bit length")
	}
	out := make([]byte, 0, total)
	out = append(out, "icns"...)
	out = binary.BigEndian.AppendUint32(out, uint32(total))
	for _, e := range elems {
		out = append(out, e.OSType...)
		out = binary.BigEndian.AppendUint32(out, uint32(headerLen+len(e.PNG)))
		out = append(out, e.PNG...)
	}
	return out, nil
}

// check reports whether e is a known type holding a PNG of that type's size.
func check(e Element) error {
	want, ok := Pixels(e.OSType)
	if !ok {
		return fmt.Errorf("unknown element type %q (this package writes ic07..ic14)", e.OSType)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(e.PNG))
	if err != nil {
		return fmt.Errorf("element %s is not a png: %w", e.OSType, err)
	}
	if cfg.Width != want || cfg.Height != want {
		return fmt.Errorf("element %s is %dx%d, its type wants %dx%d", e.OSType, cfg.Width, cfg.Height, want, want)
	}
	return nil
}
