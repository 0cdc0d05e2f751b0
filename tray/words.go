package tray

import "strings"

// BusyMark ends a line that says an action is in progress ("Signing in to alice ⟳"). "…"
// means one thing in the menu, a dialog follows, so progress wears a mark of its own.
const BusyMark = "⟳"

// Doing is what a runs, in words for a sentence: "copy env for alice", "add credentials";
// "" for an action that has no words yet. The app names actions with it in failures and
// dialog titles.
func Doing(a Action) string {
	if what, ok := failures[a.Kind]; ok {
		return strings.ReplaceAll(what, "PROFILE", a.Profile)
	}
	return ""
}

// busy is a progress line: what runs, then BusyMark.
func busy(what string) string { return what + " " + BusyMark }

// notifySuccess is the "Notify on success" checkbox: whether a copy (and Add credentials)
// that worked says so. Hidden, like Start at login, where the app has no such setting.
func notifySuccess(l LoginItem) Item {
	return Item{Title: "Notify on success", Tooltip: "Say when a copy worked and when the clipboard clears",
		Checkable: true, Checked: l.On, Hidden: !l.Available, Action: Action{Kind: SetNotifySuccess, On: !l.On}}
}
