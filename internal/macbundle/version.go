package main

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"
)

// releaseTag matches the start of a `git describe --tags` version made from a release tag:
// v1.2.3, 1.2, v1.2.3-rc1-4-gabcdef-dirty. A bare commit hash (describe --always with no tag)
// has no period, so it never matches, even when it starts with digits.
var releaseTag = regexp.MustCompile(`^v?(\d+)\.(\d+)(?:\.(\d+))?`)

// bundleVersion turns the git version into the three integers macOS wants in
// CFBundleShortVersionString and CFBundleVersion: the release tag's numbers (a missing patch
// is 0), or 0.0.0 for a build with no release tag behind it. What follows the numbers (a
// pre-release, commits since the tag, -dirty) is dropped: macOS compares these strings
// numerically and rejects letters, and only tagged builds are released, so two builds with
// the same numbers never both reach users. The full git version stays in `vaultbar version`.
func bundleVersion(gitVersion string) string {
	m := releaseTag.FindStringSubmatch(gitVersion)
	if m == nil {
		return "0.0.0"
	}
	return fmt.Sprintf("%s.%s.%s", trimZeros(m[1]), trimZeros(m[2]), trimZeros(cmp.Or(m[3], "0")))
}

// trimZeros drops leading zeros (v1.02 is 1.2), keeping a lone 0.
func trimZeros(s string) string {
	if t := strings.TrimLeft(s, "0"); t != "" {
		return t
	}
	return "0"
}
