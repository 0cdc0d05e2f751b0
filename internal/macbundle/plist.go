package main

import (
	"fmt"
	"regexp"
)

// versionKeys are the Info.plist keys stamped with the bundle version.
var versionKeys = []string{"CFBundleShortVersionString", "CFBundleVersion"}

// stampVersion returns plist with each version key's string set to version. The file is
// edited as text, not re-encoded, so its comments and layout survive; a key that is missing,
// given twice or not followed by a <string> is an error rather than a bundle that ships the
// 0.0.0 placeholder.
func stampVersion(plist []byte, version string) ([]byte, error) {
	for _, key := range versionKeys {
		re := regexp.MustCompile(`(<key>` + key + `</key>\s*<string>)[^<]*(</string>)`)
		if n := len(re.FindAllIndex(plist, -1)); n != 1 {
			return nil, fmt.Errorf("the plist has %d %s keys followed by a <string>, want exactly 1 (restore the placeholder <string>0.0.0</string>)", n, key)
		}
		plist = re.ReplaceAll(plist, []byte("${1}"+version+"${2}"))
	}
	return plist, nil
}
