// Command regiongen writes the menu's region table from the AWS SDK's partitions.json:
// go generate ./tray (see tray/regions.go).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/vaultbar/vaultbar/internal/regiongen"
)

func main() {
	out := flag.String("o", "regions_gen.go", "file to write")
	flag.Parse()
	if err := regiongen.Write(".", *out); err != nil {
		fmt.Fprintln(os.Stderr, "regiongen:", err)
		os.Exit(1)
	}
}
