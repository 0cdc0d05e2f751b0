// Package packaging holds the tests of what Vaultbar ships as sources for other programs:
// the Alfred workflow (alfred/, packed by `make alfred`) and the Raycast script commands
// (raycast/). The tests run them as Alfred and Raycast would and check that every URL they
// produce is one the app accepts (app.ParseLink). It has no code of its own.
package packaging
