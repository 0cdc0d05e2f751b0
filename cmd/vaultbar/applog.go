package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/internal/logfile"
	"github.com/vaultbar/vaultbar/vault"
)

// appLog opens the menu-bar app's log file (app.LogPath), where each failure the menu
// notifies in plain words is written in full. A log that cannot be opened is said on stderr
// and the app runs without one. close is never nil.
func (c *invocation) appLog() (logf vault.Logf, close func()) {
	path := c.newApp(app.Options{}).LogPath()
	if !filepath.IsAbs(path) { // no HOME (or LOCALAPPDATA): never a log in the working directory
		fmt.Fprintln(c.io.err, "vaultbar: no log file: set HOME or XDG_STATE_HOME")
		return nil, func() {}
	}
	l, err := logfile.Open(path, logfile.Options{})
	if err != nil {
		fmt.Fprintln(c.io.err, errorLine(fmt.Errorf("no log file at %s: %w", path, err)))
		return nil, func() {}
	}
	l.Printf("vaultbar %s started (pid %d)", version, os.Getpid()) // which build wrote what follows
	return l.Printf, func() { _ = l.Close() }
}
