//go:build !windows

package main

import "io"

// registerURLScheme: elsewhere the scheme is registered by the package (the .deb's desktop
// file) or the bundle's Info.plist, not by the running app.
func registerURLScheme(string, io.Writer) {}
