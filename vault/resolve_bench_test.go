package vault

import (
	"bytes"
	"testing"

	"github.com/vaultbar/vaultbar/internal/fixture"
)

// BenchmarkResolve5000 measures what the tray does when the config changes: parse the file
// and resolve every profile. Target: under 50 ms for 5,000 profiles.
func BenchmarkResolve5000(b *testing.B) {
	var buf bytes.Buffer
	if err := fixture.GenerateConfig(5000, &buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		cfg, err := ParseConfig(data)
		if err != nil {
			b.Fatal(err)
		}
		r := &Resolver{File: cfg}
		names := cfg.ProfileNames()
		if len(names) != 5001 { // [default] plus the generated ones
			b.Fatalf("got %d profiles, want 5001", len(names))
		}
		for _, name := range names {
			if _, err := r.Profile(name); err != nil {
				b.Fatal(err)
			}
		}
	}
}
