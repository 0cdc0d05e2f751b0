// Command iconset makes Vaultbar's icon files from the app icon source in assets/:
//
//	go run ./internal/iconset -icns dist/Vaultbar.icns       # macOS, every ic07..ic14 size
//	go run ./internal/iconset -hicolor DIR                   # Linux, DIR/<N>x<N>/apps/vaultbar.png
//	go run ./internal/iconset -png 256 FILE                  # one size
//	go run ./internal/iconset -draw assets                   # redraw the sources themselves
//
// Sizes are scaled down from the 1024 px source (-src, default assets/app-icon.png) with a
// Catmull-Rom filter, which keeps the dial's edges crisp at 16 px where a box filter blurs
// them. -draw writes the source and the menu-bar templates from internal/iconart; the PNGs
// it wrote are committed, so a build needs neither the drawing code nor its output to agree
// with a newer Go.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
)

func main() {
	src := flag.String("src", "assets/app-icon.png", "the app icon source, a square PNG")
	icnsOut := flag.String("icns", "", "write the macOS .icns `file`")
	hicolor := flag.String("hicolor", "", "write the freedesktop hicolor icons under `dir`")
	pngSize := flag.Int("png", 0, "write one PNG of this many `pixels` square to the file named by the argument")
	drawDir := flag.String("draw", "", "draw the app icon source and the tray templates into `dir` (assets)")
	flag.Parse()

	if err := run(*src, *icnsOut, *hicolor, *pngSize, *drawDir, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "iconset:", err)
		var u usageError
		if errors.As(err, &u) {
			flag.Usage()
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is a mistake in the command line rather than in the files.
type usageError string

func (u usageError) Error() string { return string(u) }

func run(src, icnsOut, hicolor string, pngSize int, drawDir string, args []string) error {
	if icnsOut == "" && hicolor == "" && pngSize == 0 && drawDir == "" {
		return usageError("nothing to do: give -icns FILE, -hicolor DIR, -png N FILE or -draw DIR")
	}
	if (pngSize != 0) != (len(args) == 1) || (pngSize == 0 && len(args) > 0) {
		return usageError("-png N takes exactly one file argument, and other arguments are not allowed")
	}
	if drawDir != "" {
		if err := drawSources(drawDir); err != nil {
			return err
		}
	}
	if icnsOut == "" && hicolor == "" && pngSize == 0 {
		return nil
	}
	source, err := loadSource(src)
	if err != nil {
		return err
	}
	if icnsOut != "" {
		if err := writeICNS(source, icnsOut); err != nil {
			return err
		}
	}
	if hicolor != "" {
		if err := writeHicolor(source, hicolor); err != nil {
			return err
		}
	}
	if pngSize != 0 {
		if pngSize < 1 || pngSize > source.Bounds().Dx() {
			return usageError("-png " + strconv.Itoa(pngSize) + ": want 1 to the source's width, as scaling up only blurs")
		}
		return writePNG(args[0], scaled(source, pngSize))
	}
	return nil
}
