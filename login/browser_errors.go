package login

import "errors"

// Errors the callers (CLI, tray) branch on. Test with errors.Is; user-facing hints are attached
// with vault.WithHint.
var (
	// ErrUnknownBrowser: the browser id is not one Vaultbar knows.
	ErrUnknownBrowser = errors.New("unknown browser")
	// ErrBrowserNotInstalled: a known browser that is not installed here (or whose executable vanished).
	ErrBrowserNotInstalled = errors.New("browser is not installed")
	// ErrUnsupportedIsolation: the isolation mode does not apply to that browser family.
	ErrUnsupportedIsolation = errors.New("isolation mode not supported by this browser")
	// ErrUnsafeURL: Argv was given something other than a loopback http(s) URL.
	ErrUnsafeURL = errors.New("refusing to put a non-loopback url on a command line")
	// ErrBadContainerStyle: a Firefox container colour or icon the extensions do not accept.
	ErrBadContainerStyle = errors.New("invalid firefox container colour or icon")
	// ErrBadTemplate: a custom browser command template that does not parse or render.
	ErrBadTemplate = errors.New("invalid custom browser command")
)
