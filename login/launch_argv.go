package login

import (
	"errors"
	"fmt"
	"slices"

	"github.com/vaultbar/vaultbar/vault"
)

// Argv builds the command line that opens url in spec's browser with spec's isolation. It is
// pure: it creates no directory (see ProfileDir) and starts nothing (see Launch).
//
// url must be a loopback http(s) URL — Vaultbar's one-time redirect to the sign-in URL —
// because a command line is visible to every local user; anything else is refused with
// ErrUnsafeURL. Every element of the result is one argument, passed without a shell.
func Argv(spec LaunchSpec, url string) ([]string, error) {
	if err := checkLoopbackURL(url); err != nil {
		return nil, err
	}
	b := spec.Browser
	if b.Family == Custom {
		return customArgv(spec, url)
	}
	if len(b.Command) == 0 {
		return nil, vault.WithHint(fmt.Errorf("%w: %s has no command", ErrBrowserNotInstalled, b.Name), "choose a browser from the Browser menu")
	}
	iso, err := checkIsolation(b, spec.Isolation)
	if err != nil {
		return nil, err
	}
	switch iso {
	case Container, GrantedContainer:
		if spec.Profile == "" {
			return nil, errors.New("no aws profile name to name the firefox container after")
		}
		scheme := "ext+container"
		if iso == GrantedContainer {
			scheme = "ext+granted-containers"
		}
		target, err := containerURL(scheme, spec.Profile, url, spec.Color, spec.Icon)
		if err != nil {
			return nil, err
		}
		return openURL(spec, target)
	case NoIsolation:
		return openURL(spec, url)
	}

	dir, err := ProfileDir(spec)
	if err != nil {
		return nil, err
	}
	var flags []string
	switch iso {
	case SharedDataDir:
		flags = []string{"--user-data-dir=" + dir, "--profile-directory=" + SafeProfileName(spec.Profile)}
	case DataDirPerProfile:
		flags = []string{"--user-data-dir=" + dir}
	case FirefoxProfile:
		// No --no-remote: Firefox's remote service is keyed by profile directory, so a second
		// profile starts its own instance, and the same profile again gets a new tab in its
		// running window instead of the "Firefox is already running" error --no-remote causes.
		flags = []string{"--profile", dir}
	}
	if b.Family == Chromium {
		flags = append(flags, "--no-first-run", "--no-default-browser-check")
	}
	return slices.Concat(b.Command, flags, spec.Extra, []string{url}), nil
}

// openURL hands target (a URL or a container URL) to the browser's normal session. On macOS
// that goes through LaunchServices (`open -a App URL`), which delivers it to the running
// instance instead of starting a new one.
func openURL(spec LaunchSpec, target string) ([]string, error) {
	b := spec.Browser
	if spec.GOOS == "darwin" && b.App != "" {
		if len(spec.Extra) > 0 {
			return nil, fmt.Errorf("extra browser flags cannot be passed through `open -a %s`", b.App)
		}
		return []string{"open", "-a", b.App, target}, nil
	}
	return slices.Concat(b.Command, spec.Extra, []string{target}), nil
}
