package icns

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

// pngOf returns a px×px PNG whose first pixel encodes px, so a test can tell sizes apart by content.
func pngOf(t testing.TB, px int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, px, px))
	img.Set(0, 0, color.NRGBA{R: uint8(px >> 8), G: uint8(px), A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func allElements(t testing.TB) []Element {
	var elems []Element
	for _, ty := range Types {
		elems = append(elems, Element{OSType: ty.OSType, PNG: pngOf(t, ty.Pixels)})
	}
	return elems
}

// Every size written comes back, in order, with its pixels, and the lengths add up the way
// macOS reads them: the header's total is the file's length, each element's counts its header.
func TestEncodeDecodeRoundTrip(t *testing.T) {
	t.Parallel()
	elems := allElements(t)
	file, err := Encode(elems)
	if err != nil {
		t.Fatal(err)
	}
	if string(file[:4]) != "icns" || int(binary.BigEndian.Uint32(file[4:])) != len(file) {
		t.Fatalf("header %q %d, file length %d", file[:4], binary.BigEndian.Uint32(file[4:]), len(file))
	}
	sum := headerLen
	for off := headerLen; off < len(file); {
		n := int(binary.BigEndian.Uint32(file[off+4:]))
		sum += n
		off += n
	}
	if sum != len(file) {
		t.Errorf("element lengths add up to %d, file is %d", sum, len(file))
	}

	got, err := Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(Types) {
		t.Fatalf("decoded %d elements, want %d", len(got), len(Types))
	}
	for i, e := range got {
		if e.OSType != Types[i].OSType || !bytes.Equal(e.PNG, elems[i].PNG) {
			t.Errorf("element %d: %s (%d bytes), want %s (%d bytes)", i, e.OSType, len(e.PNG), Types[i].OSType, len(elems[i].PNG))
			continue
		}
		img, err := png.Decode(bytes.NewReader(e.PNG))
		if err != nil {
			t.Fatal(err)
		}
		px := Types[i].Pixels
		r, g, _, _ := img.At(0, 0).RGBA()
		if img.Bounds().Dx() != px || img.Bounds().Dy() != px || int(r>>8)<<8|int(g>>8) != px {
			t.Errorf("%s: %v, marker %d, want %dx%d", e.OSType, img.Bounds(), int(r>>8)<<8|int(g>>8), px, px)
		}
	}
}

// The pixel sizes are Apple's: a mix-up would give a blurred Dock icon and no error.
func TestTypesMatchApple(t *testing.T) {
	t.Parallel()
	want := map[string]int{"ic07": 128, "ic08": 256, "ic09": 512, "ic10": 1024, "ic11": 32, "ic12": 64, "ic13": 256, "ic14": 512}
	for k, px := range want {
		if got, ok := Pixels(k); !ok || got != px {
			t.Errorf("Pixels(%s) = %d, %v; want %d", k, got, ok, px)
		}
	}
	if len(Types) != len(want) {
		t.Errorf("%d types, want %d", len(Types), len(want))
	}
}

// Encode refuses what Finder would silently draw wrong: a PNG of the wrong size, a type it
// does not know, something that is not a PNG, the same type twice.
func TestEncodeRefuses(t *testing.T) {
	t.Parallel()
	for name, elems := range map[string][]Element{
		"wrong size": {{"ic07", pngOf(t, 64)}},
		"unknown":    {{"icp4", pngOf(t, 16)}},
		"not png":    {{"ic11", []byte("GIF89a")}},
		"twice":      {{"ic11", pngOf(t, 32)}, {"ic11", pngOf(t, 32)}},
	} {
		_, err := Encode(elems)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if msg := err.Error(); msg != strings.ToLower(msg[:1])+msg[1:] || !strings.HasPrefix(msg, "icns: ") {
			t.Errorf("%s: error %q is not a lowercase icns: error", name, msg)
		}
	}
}

// Garbage gives one error naming the format, never a panic or a partial result.
func TestDecodeGarbage(t *testing.T) {
	t.Parallel()
	good, err := Encode(allElements(t))
	if err != nil {
		t.Fatal(err)
	}
	wrongTotal := bytes.Clone(good)
	binary.BigEndian.PutUint32(wrongTotal[4:], uint32(len(good)+1))
	shortElem := bytes.Clone(good)
	binary.BigEndian.PutUint32(shortElem[12:], 4)
	longElem := bytes.Clone(good)
	binary.BigEndian.PutUint32(longElem[12:], uint32(len(good)))
	badPNG := bytes.Clone(good)
	badPNG[17] ^= 0xff // inside ic07's PNG signature
	for name, b := range map[string][]byte{
		"empty":       nil,
		"png":         pngOf(t, 16),
		"truncated":   good[:len(good)-10],
		"wrong total": wrongTotal,
		"short elem":  shortElem,
		"long elem":   longElem,
		"bad png":     badPNG,
		"stray bytes": append(binary.BigEndian.AppendUint32([]byte("icns"), 12), "abcd"...),
	} {
		elems, err := Decode(b)
		if !errors.Is(err, ErrFormat) || elems != nil {
			t.Errorf("%s: %d elements, error %v; want ErrFormat", name, len(elems), err)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "not a valid icns file: ") || strings.Contains(msg, "\n") {
			t.Errorf("%s: error %q", name, msg)
		}
	}
}

// Whatever the bytes, Decode returns elements or ErrFormat, and what it returns re-encodes
// to the same file when every element is one Encode writes.
func FuzzDecode(f *testing.F) {
	good, err := Encode(allElements(f)[:2])
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte("icns\x00\x00\x00\x08"))
	f.Add([]byte("icns\x00\x00\x00\x10ic07\x00\x00\x00\x08"))
	f.Fuzz(func(t *testing.T, b []byte) {
		elems, err := Decode(b)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error not ErrFormat: %v", err)
			}
			return
		}
		again, err := Encode(elems)
		if err != nil {
			return // an element of a type Encode does not write
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("re-encoding changed the file")
		}
	})
}
