package login

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/vaultbar/vaultbar/vault"
)

// The container colours and icons both Firefox add-ons accept (Granted Containers' parser;
// Firefox also offers "toolbar" and "fence", which the add-ons reject).
var (
	ContainerColors = []string{"blue", "turquoise", "green", "yellow", "orange", "red", "pink", "purple"}
	ContainerIcons  = []string{"fingerprint", "briefcase", "dollar", "cart", "circle", "gift", "vacation", "food", "fruit", "pet", "tree", "chill"}
)

// containerURL wraps target in the add-on's URL: scheme "ext+container" or
// "ext+granted-containers". Every value is escaped, so names with &, =, +, spaces, slashes
// or non-ASCII survive the add-on's URLSearchParams parsing unchanged.
func containerURL(scheme, name, target, color, icon string) (string, error) {
	if color != "" && !slices.Contains(ContainerColors, color) {
		return "", vault.WithHint(fmt.Errorf("%w: colour %q", ErrBadContainerStyle, color), "use one of: %s", strings.Join(ContainerColors, ", "))
	}
	if icon != "" && !slices.Contains(ContainerIcons, icon) {
		return "", vault.WithHint(fmt.Errorf("%w: icon %q", ErrBadContainerStyle, icon), "use one of: %s", strings.Join(ContainerIcons, ", "))
	}
	s := scheme + ":name=" + escapeParam(name) + "&url=" + escapeParam(target)
	if color != "" {
		s += "&color=" + color
	}
	if icon != "" {
		s += "&icon=" + icon
	}
	return s, nil
}

// escapeParam is url.QueryEscape with spaces as %20 rather than "+", which decodes the same
// through URLSearchParams and through a plain decodeURIComponent.
func escapeParam(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
