// Package panel plays a desktop panel's part for end-to-end tests of Vaultbar's tray on Linux:
// it claims a fake org.kde.StatusNotifierWatcher on the session bus to receive the item's
// registration, reads the item's Menu property, fetches the menu with
// com.canonical.dbusmenu.GetLayout as a tree of [Node]s, finds items by their label path
// (IDs change with every rebuild) and clicks them with Event.
//
// It is test support: its helpers take a testing.TB and fail the test on D-Bus errors;
// NewWatcher and GetLayout return errors instead, for cmd/trayprobe (the tray benchmark).
// Only one watcher may own the name on a bus, so tests using it must not run at the same time;
// claiming waits (NameOwnerChanged) for a previous owner to let go. PrivateBus gives a test a
// dbus-daemon of its own, where no other test's or the machine's services own any name.
package panel
