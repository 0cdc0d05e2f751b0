package login

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vaultbar/vaultbar/vault"
)

// Isolation is how one AWS profile's console session is kept apart from the others.
// The zero Isolation means "the family's default" (DefaultIsolation).
type Isolation int

// The isolation modes. Which ones a browser family supports: Isolations.
const (
	// SharedDataDir: one Vaultbar-owned --user-data-dir per Chromium browser holding one
	// --profile-directory per AWS profile: a single extra browser instance, the user's own untouched.
	SharedDataDir Isolation = iota + 1
	// DataDirPerProfile: a Chromium --user-data-dir per AWS profile: total isolation, one
	// browser instance per profile.
	DataDirPerProfile
	// Container: a Firefox container through the "Open URL in Container" add-on (ext+container:).
	Container
	// GrantedContainer: a Firefox container through the Granted Containers add-on (ext+granted-containers:).
	GrantedContainer
	// FirefoxProfile: a Firefox --profile directory per AWS profile; works without an add-on.
	FirefoxProfile
	// NoIsolation: the URL opens in the browser's normal session (Safari, Arc, the default browser).
	NoIsolation
)

var isolationNames = map[Isolation]string{
	SharedDataDir:     "profile-directory",
	DataDirPerProfile: "data-dir",
	Container:         "container",
	GrantedContainer:  "granted-container",
	FirefoxProfile:    "firefox-profile",
	NoIsolation:       "none",
}

// String returns the name ParseIsolation accepts.
func (i Isolation) String() string {
	if s, ok := isolationNames[i]; ok {
		return s
	}
	if i == 0 {
		return "default"
	}
	return fmt.Sprintf("isolation(%d)", int(i))
}

// ParseIsolation reads an isolation mode by its name (Isolation.String).
func ParseIsolation(s string) (Isolation, error) {
	for i, name := range isolationNames {
		if name == s {
			return i, nil
		}
	}
	names := make([]string, 0, len(isolationNames))
	for i := SharedDataDir; i <= NoIsolation; i++ {
		names = append(names, i.String())
	}
	return 0, vault.WithHint(fmt.Errorf("unknown isolation mode %q", s), "use one of: %s", strings.Join(names, ", "))
}

// DefaultIsolation is the mode used when the user has not chosen one. Firefox defaults to a
// profile directory rather than a container because containers need an add-on installed.
func DefaultIsolation(f Family) Isolation {
	switch f {
	case Chromium:
		return SharedDataDir
	case Firefox:
		return FirefoxProfile
	default:
		return NoIsolation
	}
}

// Isolations lists the modes a family supports, its default first (for the Browser submenu).
func Isolations(f Family) []Isolation {
	switch f {
	case Chromium:
		return []Isolation{SharedDataDir, DataDirPerProfile, NoIsolation}
	case Firefox:
		return []Isolation{FirefoxProfile, Container, GrantedContainer, NoIsolation}
	default:
		return []Isolation{NoIsolation}
	}
}

// checkIsolation resolves the zero Isolation to the family default and rejects modes the
// family cannot do.
func checkIsolation(b Browser, iso Isolation) (Isolation, error) {
	if iso == 0 {
		return DefaultIsolation(b.Family), nil
	}
	supported := Isolations(b.Family)
	if slices.Contains(supported, iso) {
		return iso, nil
	}
	names := make([]string, len(supported))
	for i, s := range supported {
		names[i] = s.String()
	}
	return 0, vault.WithHint(fmt.Errorf("%w: %s with %s", ErrUnsupportedIsolation, iso, b.Name),
		"%s supports: %s", b.Name, strings.Join(names, ", "))
}
