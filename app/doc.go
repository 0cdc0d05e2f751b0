// Package app holds the use cases that every entrance to Vaultbar shares: the menu, the
// vaultbar:// URL scheme and the command line through the running app. It loads the
// snapshot the menu shows, opens the console, copies env and console URLs, starts and stops
// metadata servers, clears sessions, adds and removes keys, and keeps the settings and the
// recent profiles. OS effects (dialogs, clipboard, notifications, browser launch, clock)
// arrive as function fields of Effects, never as calls to package desktop.
package app
