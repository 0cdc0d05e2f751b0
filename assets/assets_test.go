package assets

import (
	"bytes"
	"image/png"
	"testing"
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
