// Package packaging holds the tests of what Vaultbar ships as sources for other programs:
// the Alfred workflow (alfred/, packed by `make alfred`) and the Raycast script commands
// (raycast/), run as Alfred and Raycast would, checking that every URL they produce is one
// the app accepts (app.ParseLink); and the Debian package (linux/, built by `make deb`):
// its files, its control fields, lintian's verdict and the Debian version of a git version.
// It has no code of its own.
package packaging
