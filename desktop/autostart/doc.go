// Package autostart starts Vaultbar when the user logs in, in the one way each OS expects:
//
//   - Linux and other Unix desktops: an XDG autostart entry,
//     $XDG_CONFIG_HOME/autostart/vaultbar.desktop (default ~/.config/autostart), which
//     gnome-session, KDE, XFCE, systemd's xdg-autostart-generator and dex run at login.
//   - macOS: SMAppService.mainApp (Login Items) when the binary runs from inside a .app bundle
//     on macOS 13 or later, else a LaunchAgent, ~/Library/LaunchAgents/dev.vaultbar.Vaultbar.plist.
//   - Windows: the value "Vaultbar" of HKCU\Software\Microsoft\Windows\CurrentVersion\Run.
//
// The state is always read from the system, never remembered separately, so the menu's
// checkbox, `vaultbar autostart status` and the OS's own login-items settings agree. Turning it
// off removes exactly what turning it on wrote, and never a file Vaultbar did not write.
//
// The package also holds the Windows registry values of the vaultbar:// URL scheme
// (URLSchemeValues, RegisterURLScheme), next to the Run key's, since both are the same kind of
// per-user registration.
//
// What each OS-level file or value holds is built by pure functions that the Linux tests check
// (the plist with a real plist parser); the darwin and windows glue around them is thin,
// compiled and vetted on Linux (make cross), not run there. The package imports neither
// fyne.io/systray nor package desktop, so it builds without cgo for every OS.
package autostart
