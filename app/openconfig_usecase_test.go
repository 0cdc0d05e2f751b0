//go:build linux

package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

// launching runs programs for real, as the menu-bar app does, with every other effect recorded.
func launching(w *world) *App {
	fx := w.rec.effects()
	fx.Launch = func(ctx context.Context, argv, env []string) error {
		_, err := login.Launch(ctx, argv, env)
		return err
	}
	return New(Options{Env: w.env, Effects: fx})
}

// installOpener puts an xdg-open on the app's PATH that runs script.
func (w *world) installOpener(script string) {
	w.t.Helper()
	must(w.t, os.WriteFile(filepath.Join(w.env["PATH"], "xdg-open"), []byte("#!/bin/sh\n"+script+"\n"), 0o755))
}

// With no xdg-open, or one that fails (exit 3: no application for text files), Open config
// file says so, with the path on the clipboard, instead of doing nothing.
func TestOpenConfigFileWithoutHandler(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, script string }{{"missing", ""}, {"no_handler", "echo 'no method available' >&2; exit 3"}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, aliceConfig)
			if tt.script != "" {
				w.installOpener(tt.script)
			}
			err := launching(w).openConfigFile(context.Background())
			path := w.env["AWS_CONFIG_FILE"]
			if !errors.Is(err, ErrNoHandler) || !strings.Contains(err.Error(), path) || !strings.Contains(vault.Hint(err), "path is on the clipboard") {
				t.Errorf("open = %v (hint %q); want no handler, naming %s, with the path on the clipboard", err, vault.Hint(err), path)
			}
			if !slices.Equal(w.rec.plain, []string{path}) {
				t.Errorf("clipboard got %q, want the config path", w.rec.plain)
			}
		})
	}
}

// An opener that works opens the file, and nothing is copied.
func TestOpenConfigFileWithHandler(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	opened := filepath.Join(w.dir, "opened")
	w.installOpener(`printf '%s' "$1" > '` + opened + `'`)
	must(t, launching(w).openConfigFile(context.Background()))
	if got, err := os.ReadFile(opened); err != nil || string(got) != w.env["AWS_CONFIG_FILE"] {
		t.Errorf("the opener got %q (%v), want the config path", got, err)
	}
	if len(w.rec.plain) != 0 {
		t.Errorf("copied %q after a successful open", w.rec.plain)
	}
}
