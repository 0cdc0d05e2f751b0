package urlevents

import (
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// TestInfoPlist checks the repository's Info.plist, the one `make app` stamps and puts in the
// bundle: macOS delivers vaultbar:// URLs to Start only for a bundle that declares the scheme.
// Its versions are the 0.0.0 placeholders the build replaces.
func TestInfoPlist(t *testing.T) {
	p := e2e.CheckInfoPlist(t, e2e.RepoPath(t, "Info.plist"))
	if p.CFBundleShortVersionString != "0.0.0" || p.CFBundleVersion != "0.0.0" {
		t.Errorf("versions %q, %q: want the placeholders 0.0.0, which internal/macbundle replaces",
			p.CFBundleShortVersionString, p.CFBundleVersion)
	}
}
