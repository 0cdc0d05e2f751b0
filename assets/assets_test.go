package assets

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"github.com/vaultbar/vaultbar/internal/iconart"
)

// Every tray state has both icons, and they decode: macOS panics on an empty icon.
func TestIconsDecode(t *testing.T) {
	t.Parallel()
	for _, name := range []string{Idle, Serving, Busy} {
		template, colour, err := Icons(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range [][]byte{template, colour} {
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil || img.Bounds().Dx() < 22 {
				t.Errorf("icon %s: %v, %v", name, img.Bounds(), err)
			}
		}
	}
	if _, _, err := Icons("nope"); err == nil {
		t.Error("unknown icon name gave no error")
	}
}

// The templates are 22 px at @1x and 44 px at @2x, black with alpha only: AppKit tints a
// template by its alpha, and any colour in it would show as a blob. The tray gets the @2x one.
func TestTemplates(t *testing.T) {
	t.Parallel()
	for _, name := range []string{Idle, Serving, Busy} {
		for scale, px := range map[int]int{1: 22, 2: 44} {
			b, err := Template(name, scale)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if img.Bounds() != image.Rect(0, 0, px, px) {
				t.Errorf("%s@%dx is %v, want %dx%d", name, scale, img.Bounds(), px, px)
			}
			if err := iconart.CheckTemplate(img); err != nil {
				t.Errorf("%s@%dx: %v", name, scale, err)
			}
		}
		tray, _, _ := Icons(name)
		if at2x, _ := Template(name, 2); !bytes.Equal(tray, at2x) {
			t.Errorf("the tray's %s template is not the @2x one", name)
		}
	}
	// The check itself tells a colour icon from a template.
	_, colour, _ := Icons(Idle)
	if img, _ := png.Decode(bytes.NewReader(colour)); iconart.CheckTemplate(img) == nil {
		t.Error("CheckTemplate accepted the colour icon")
	}
	if _, err := Template(Idle, 3); err == nil {
		t.Error("scale 3 gave no error")
	}
}
