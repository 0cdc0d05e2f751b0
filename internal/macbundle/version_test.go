package main

import "testing"

// The git version becomes three integers macOS accepts; an untagged build is 0.0.0, and a
// hash that starts with digits is not mistaken for a tag.
func TestBundleVersion(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"v1.2.3":                      "1.2.3",
		"1.2.3":                       "1.2.3",
		"v1.2":                        "1.2.0",
		"v0.10.0-4-gabcdef1":          "0.10.0",
		"v2.0.1-rc1":                  "2.0.1",
		"v2.0.1-rc1-3-gabcdef1-dirty": "2.0.1",
		"v01.002.0003":                "1.2.3",
		"5291b87":                     "0.0.0",
		"5291b87-dirty":               "0.0.0",
		"1234567":                     "0.0.0",
		"dev":                         "0.0.0",
		"":                            "0.0.0",
		"release-1.2.3":               "0.0.0",
	} {
		if got := bundleVersion(in); got != want {
			t.Errorf("bundleVersion(%q) = %q, want %q", in, got, want)
		}
	}
}
