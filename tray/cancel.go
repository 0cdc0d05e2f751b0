package tray

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Cancelling: while a profile's action runs, its busy line says "Cancel signing in to
// alice…" and a click on it (Action CancelBusy) ends the context of every action in flight
// for that profile. An effect that waits on a dialog closes it (dialogs take the effect's
// context), one that waits on AWS gives up, and neither is reported as a failure: the
// controller reports only failures whose own context is alive. The profile shows idle at
// once, without waiting for the effect to notice.

// globalOps is the key of c.busy for the actions that belong to no profile.
const globalOps = ""

// showsGlobalBusy reports whether an action without a profile shows its progress at the top
// of the menu: those that wait on dialogs, a sign-in or AWS. The others end at once.
func showsGlobalBusy(k ActionKind) bool {
	return k == AddCredentials || k == AddSSOProfiles || k == ClearAllSessions
}

// appendGlobalBusy shows an action without a profile in progress above the global items
// (Add credentials… and the others it can be), as an item that cancels it.
//
// The line is always there, hidden while nothing runs, so that it appearing and going is an
// update in place: a rebuild would give every item a new id, and a click the panel sends
// with an old one (the user clicking as the action ends) would be lost.
func appendGlobalBusy(items []Item, busy string) []Item {
	it := Item{Title: "Cancel", Hidden: true, Action: Action{Kind: CancelBusy, Profile: globalOps}}
	if busy != "" {
		it.Title, it.Tooltip, it.Hidden = cancelTitle(busy), busy, false
	}
	return append(items, it)
}

// stateItem is the first line of a profile's submenu: its state, disabled, or while an
// action runs a "Cancel …" item. It is clickable in both states (disabled when idle) so that
// the menu keeps its shape and the tray updates it in place.
func stateItem(p *Profile, s State) Item {
	it := Item{Title: stateLine(p, s), Disabled: true, Action: Action{Kind: CancelBusy, Profile: p.Name}}
	if p.Busy != "" {
		it.Title, it.Tooltip, it.Disabled = cancelTitle(p.Busy), "Stop what Vaultbar is doing for "+p.Name, false
	}
	return it
}

// busyChooserItem is a large config's one-item profile while an action runs for it: a click
// cancels instead of asking what to do.
func busyChooserItem(p *Profile) Item {
	return Item{Title: p.Name + " · " + cancelTitle(p.Busy), Tooltip: p.Busy, Action: Action{Kind: CancelBusy, Profile: p.Name}}
}

// cancelTitle turns a busy text ("Signing in to alice…") into its cancel item's title
// ("Cancel signing in to alice…").
func cancelTitle(busy string) string {
	r, n := utf8.DecodeRuneInString(busy)
	return "Cancel " + string(unicode.ToLower(r)) + strings.TrimPrefix(busy, busy[:n])
}

// cancelBusy ends every action in flight for profile and shows it idle; their results,
// when they come, change nothing else and notify nothing.
func (c *Controller) cancelBusy(profile string) {
	for _, o := range c.busy[profile] {
		o.cancel()
	}
	delete(c.busy, profile)
}
