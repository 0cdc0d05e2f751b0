// Package desktop is Vaultbar's edge to the desktop: it renders a tray.Menu in the menu bar
// with fyne.io/systray, sends clicked tray.Actions back, keeps one instance per user, and
// holds the other effects main injects: native dialogs (MFA code, keys, passphrase,
// confirmations) through ncruces/zenity, a clipboard that clears the secrets it copied, and
// desktop notifications.
//
// fyne.io/systray is one global, imperative tray with threading rules of its own. Tray
// enforces them so that the rest of the app never meets them:
//
//   - Run blocks on the main goroutine: systray locks it to the main OS thread, which
//     macOS (NSApp) needs. Call Tray.Run from main and nowhere else, once per process.
//   - The title (the StatusNotifierItem Id on Linux) and the tap handlers are read once at
//     start-up: Run sets the title before systray.Run. Tray sets no tap handlers, so a
//     click on the icon opens the menu.
//   - On Linux every item added while systray is on the bus costs D-Bus signals, and an
//     icon set while it goes on the bus can be lost: Run builds the first Rendered menu,
//     icon included, before systray.Run, so the item registers with its whole menu.
//   - systray cannot insert an item or change its kind: a menu of the same shape as the last
//     (same tree, separators, checkboxes and clickable items in the same places) is updated
//     in place; any other is rebuilt with ResetMenu.
//   - onReady must return at once (on Linux the menu is not served until it has): Run's
//     onReady only releases the renderer goroutine.
//   - Cleanup happens after Run returns, never in systray's onExit, which macOS may skip.
//   - An empty icon panics on macOS: Render never passes one; it keeps the last icon.
//   - Items are not safe to mutate from two goroutines: one renderer goroutine makes every
//     systray call after start-up. Render only hands it the latest Menu.
//   - A click is dropped unless a goroutine is parked on the item's ClickedCh: one goroutine
//     per rebuilt menu receives on every item with an Action, for as long as the items live.
//
// Only tray.go imports fyne.io/systray; it needs cgo on macOS.
package desktop
