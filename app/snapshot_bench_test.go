package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/fixture"
	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// BenchmarkTrayLoadAndBuild1000 is the menu-bar app's start before systray: read a
// 1,000-profile config and the keyring's key names, resolve every profile, detect browsers,
// and build the menu.
func BenchmarkTrayLoadAndBuild1000(b *testing.B) {
	dir := b.TempDir()
	f, err := os.Create(filepath.Join(dir, "config"))
	if err != nil {
		b.Fatal(err)
	}
	if err := fixture.GenerateConfig(1000, f); err != nil {
		b.Fatal(err)
	}
	f.Close()
	a := New(Options{Env: vault.Env{"HOME": dir, "PATH": os.Getenv("PATH"), "AWS_CONFIG_FILE": filepath.Join(dir, "config"),
		"AWS_VAULT_BACKEND": "file", "AWS_VAULT_FILE_DIR": filepath.Join(dir, "keys"), "AWS_VAULT_FILE_PASSPHRASE": "x"}})
	b.ReportAllocs()
	for b.Loop() {
		snap, err := a.Snapshot(context.Background(), nil)
		if err != nil || len(snap.Profiles) < 1000 || snap.Problem != "" {
			b.Fatalf("load: %d profiles, problem %q, %v", len(snap.Profiles), snap.Problem, err)
		}
		_ = tray.Build(tray.State{Profiles: snap.Profiles, Browsers: snap.Browsers, Now: time.Now()})
	}
}
