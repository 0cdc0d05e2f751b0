package login

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/vaultbar/vaultbar/vault"
)

// LaunchSpec says which browser opens a console URL for which AWS profile, and how the
// profile's session is isolated. Argv turns it into a command line without touching anything.
type LaunchSpec struct {
	Browser   Browser
	Isolation Isolation // zero: DefaultIsolation(Browser.Family)
	// DataRoot is Vaultbar's own directory for browser data (per-browser data dirs and Firefox
	// profiles live below it). Sandboxed browsers cannot reach it: see Home.
	DataRoot string
	// Home is the user's home directory; snap and flatpak browsers keep their data below it,
	// inside their sandbox (~/snap/<name>/common/vaultbar, ~/.var/app/<id>/data/vaultbar).
	Home    string
	Profile string // the AWS profile name, exactly as displayed (container name, hash input)
	// Color and Icon style a Firefox container; empty leaves the add-on's choice. See
	// ContainerColors and ContainerIcons.
	Color, Icon string
	// Template is the Custom browser's command: text/template fields {{.URL}}, {{.Profile}},
	// {{.Safe}} (SafeProfileName) and {{.DataRoot}}. It is split into arguments on whitespace
	// outside {{ }} actions and double quotes BEFORE rendering, so a value with spaces stays
	// one argument; no shell is involved.
	Template string
	// Extra flags go before the URL (test harnesses: --headless, --no-sandbox, --password-store=basic).
	// Not possible with the macOS `open -a` forms (containers, no isolation).
	Extra []string
	GOOS  string // the target OS: "darwin" uses LaunchServices (`open`), "windows" uses \ in paths
}

// ProfileDir is the directory the browser will keep this profile's data in: the Chromium
// --user-data-dir or the Firefox --profile directory, "" when the mode has none. Callers
// create it (mode 0700) before launching: Firefox does not create a missing --profile dir.
func ProfileDir(spec LaunchSpec) (string, error) {
	iso, err := checkIsolation(spec.Browser, spec.Isolation)
	if err != nil || spec.Browser.Family == Custom {
		return "", err
	}
	switch iso {
	case SharedDataDir, DataDirPerProfile, FirefoxProfile:
	default:
		return "", nil
	}
	if spec.Profile == "" {
		return "", errors.New("no aws profile name to isolate the browser session by")
	}
	root, err := dataRoot(spec)
	if err != nil {
		return "", err
	}
	id := spec.Browser.ID
	switch iso {
	case SharedDataDir:
		return joinPath(spec.GOOS, root, id), nil
	case DataDirPerProfile:
		// A sibling of the shared dir, never inside it: switching modes must not make one
		// mode's user-data-dir look like the other's profile directory.
		return joinPath(spec.GOOS, root, id+"-per-profile", SafeProfileName(spec.Profile)), nil
	default:
		return joinPath(spec.GOOS, root, id, SafeProfileName(spec.Profile)), nil
	}
}

// dataRoot is where this browser may keep Vaultbar's data: DataRoot, or for a snap or flatpak
// browser a directory inside its sandbox.
func dataRoot(spec LaunchSpec) (string, error) {
	b := spec.Browser
	switch b.Packaging {
	case "":
		if spec.DataRoot == "" {
			return "", errors.New("no data directory for browser profiles")
		}
		return spec.DataRoot, nil
	case "snap", "flatpak":
		if spec.Home == "" || b.AppID == "" {
			return "", fmt.Errorf("no home directory for the %s %s's profiles", b.Packaging, b.Name)
		}
		if b.Packaging == "snap" {
			return path.Join(spec.Home, "snap", b.AppID, "common", "vaultbar"), nil
		}
		return path.Join(spec.Home, ".var", "app", b.AppID, "data", "vaultbar"), nil
	default:
		return "", vault.WithHint(fmt.Errorf("unknown packaging %q of %s", b.Packaging, b.Name), "choose the browser again in the Browser menu")
	}
}

func joinPath(goos string, elem ...string) string {
	if goos != "windows" {
		return path.Join(elem...)
	}
	for i := range elem {
		elem[i] = strings.TrimRight(elem[i], `\/`)
	}
	return strings.Join(elem, `\`)
}
