// Command alfredpack packs an Alfred workflow's sources into a .alfredworkflow file: a zip
// with info.plist at its root, which Alfred imports on double-click. `make alfred` runs
//
//	go run ./internal/alfredpack -o dist/Vaultbar.alfredworkflow packaging/alfred
//
// The archive is reproducible (files in name order, one fixed time) and keeps each file's
// mode, so a script stays executable. Hidden files (.DS_Store) are left out; a symlink or
// another special file is an error, as is a directory without info.plist.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/vaultbar/vaultbar/internal/atomicfile"
	"github.com/vaultbar/vaultbar/internal/ziptree"
)

func main() {
	out := flag.String("o", "", "the .alfredworkflow file to write")
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: alfredpack -o FILE.alfredworkflow DIR")
		os.Exit(2)
	}
	if err := pack(flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "alfredpack:", err)
		os.Exit(1)
	}
}

// pack writes dir's files to out through a temporary file renamed over it, so a failed run
// never leaves half a workflow behind.
func pack(dir, out string) error {
	if _, err := os.Stat(filepath.Join(dir, "info.plist")); err != nil {
		return fmt.Errorf("%s is not a workflow: %w", dir, err)
	}
	return atomicfile.Write(out, func(w io.Writer) error {
		return ziptree.Write(w, dir, ziptree.Options{SkipHidden: true})
	})
}
