package autostart

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/vaultbar/vaultbar/vault"
)

// Mechanism is the OS-level way Vaultbar starts at login.
type Mechanism interface {
	// Status reads from the system whether the next login starts Vaultbar.
	Status(ctx context.Context) (Status, error)
	// Enable makes the next login start Options.Executable.
	Enable(ctx context.Context) error
	// Disable undoes Enable: it removes what Enable wrote, and nothing the user wrote.
	Disable(ctx context.Context) error
}

// Status is what the next login will do.
type Status struct {
	On    bool
	Where string // the file or registry value that decides it, for the user to inspect
	Note  string // something the user should know (approval needed, a file not ours), "" when none
}

// Options say which binary to start and where the user's settings live. Tests point them at
// temporary directories.
type Options struct {
	// Executable is the absolute path of the vaultbar binary a login starts, symlinks resolved.
	Executable string
	// Home is the user's home directory (Linux and macOS).
	Home string
	// Getenv reads XDG_CONFIG_HOME and XDG_CONFIG_DIRS. Nil: neither is set.
	Getenv func(string) string
}

// New returns this OS's mechanism for o.
func New(o Options) (Mechanism, error) {
	if o.Executable == "" || !filepath.IsAbs(o.Executable) {
		return nil, errors.New("start at login needs the absolute path of the vaultbar binary")
	}
	if o.Getenv == nil {
		o.Getenv = func(string) string { return "" }
	}
	return newMechanism(o)
}

// needHome fails with a hint when the home directory is unknown.
func needHome(o Options) error {
	if o.Home == "" || !filepath.IsAbs(o.Home) {
		return vault.WithHint(errors.New("start at login cannot find the home directory"), "set HOME to it")
	}
	return nil
}
