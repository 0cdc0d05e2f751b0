// Package tray is the menu-bar app's brain, with no OS effects and nothing but the standard
// library: the app's State, the Menu built from it by a pure function, the Actions a click
// turns into, and the controller loop that owns State and runs slow work off the loop.
//
// The desktop package renders a Menu with fyne.io/systray and sends clicked Actions back;
// main fills the controller's Deps with closures over the vault, login and server packages.
package tray
