//go:build darwin && !cgo

package main

import (
	"context"
	"errors"

	"github.com/vaultbar/vaultbar/vault"
)

// runTray: the macOS menu bar needs cgo (fyne.io/systray), so a pure-Go build has only the CLI.
func (c *invocation) runTray(context.Context) error {
	return vault.WithHint(errors.New("this build has no menu-bar app"), "build with CGO_ENABLED=1 on macOS")
}
