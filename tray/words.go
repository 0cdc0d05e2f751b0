package tray

import "strings"

// BusyMark ends a line that says an action is in progress ("Signing in to alice ⟳"). "…"
// means one thing in the menu, a dialog follows, so progress wears a mark of its own.
const BusyMark = "⟳"

// Doing is what a runs, in words for a sentence: "copy env for alice", "add credentials".
// The app names actions with it in failures, successes and dialog titles.
func Doing(a Action) string {
	if what, ok := failures[a.Kind]; ok {
		return strings.ReplaceAll(what, "PROFILE", a.Profile)
	}
	return "do that"
}

// busy is a progress line: what runs, then BusyMark.
func busy(what string) string { return what + " " + BusyMark }
