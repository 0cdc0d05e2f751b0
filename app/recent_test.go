package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

func TestRecentRoundTripAndMode(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG paths and file modes: Linux")
	}
	dir := t.TempDir()
	var stderr bytes.Buffer
	a := New(Options{Env: vault.Env{"HOME": dir}, Effects: Effects{Stderr: &stderr}})
	if got := a.LoadRecent(); got != nil {
		t.Fatalf("no file: recent %q, want none", got)
	}
	want := []string{"prod", "dev-admin"}
	if err := a.SaveRecent(context.Background(), want); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, ".local", "state", "vaultbar", "recent.json")
	if a.recentPath() != path {
		t.Errorf("recent file at %s, want %s (XDG_STATE_HOME's default)", a.recentPath(), path)
	}
	if got := a.LoadRecent(); !reflect.DeepEqual(got, want) {
		t.Errorf("read back %q, want %q", got, want)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("recent file %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	if d, err := os.Stat(filepath.Dir(path)); err != nil || d.Mode().Perm() != 0o700 {
		t.Errorf("state dir mode %v (%v), want 0700", d.Mode().Perm(), err)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr %q, want nothing", stderr.String())
	}
}

// A damaged file is said once and read as empty; the next save replaces it.
func TestRecentMalformedFile(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	a := New(Options{Env: vault.Env{"HOME": dir, "XDG_STATE_HOME": filepath.Join(dir, "state")}, Effects: Effects{Stderr: &stderr}})
	must(t, os.MkdirAll(filepath.Dir(a.recentPath()), 0o700))
	must(t, os.WriteFile(a.recentPath(), []byte(`{"profiles": ["prod"`), 0o600))
	if got := a.LoadRecent(); got != nil {
		t.Errorf("malformed file read as %q, want empty", got)
	}
	if msg := stderr.String(); !strings.Contains(msg, "recent.json") || !strings.Contains(msg, "next use rewrites it") {
		t.Errorf("stderr %q, want the file named and what happens next", msg)
	}
	must(t, a.SaveRecent(context.Background(), []string{"dev"}))
	if got := a.LoadRecent(); !reflect.DeepEqual(got, []string{"dev"}) {
		t.Errorf("after a save: %q", got)
	}
}
