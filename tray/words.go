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

// busyText is the busy line of an action in progress.
func busyText(a Action) string {
	switch a.Kind {
	case OpenConsole:
		return busy("Signing in to " + a.Profile)
	case CopyEnv, CopyConsoleURL, CopyServerEnv:
		return busy("Copying")
	case StartServer:
		return busy("Starting server")
	case StopServer:
		return busy("Stopping server")
	case ClearSession:
		return busy("Clearing session")
	case RemoveCredentials:
		return busy("Removing credentials")
	case RotateKeys:
		return busy("Rotating keys")
	case ChooseAction:
		return busy("Choosing")
	case AddCredentials:
		return busy("Adding credentials")
	case AddSSOProfiles:
		return busy("Adding profiles from IAM Identity Center")
	case ClearAllSessions:
		return busy("Clearing all sessions")
	}
	return busy("Working")
}

// failTitle is the notification title of a failed action; its body is the error text.
func failTitle(a Action) string {
	if what := Doing(a); what != "" {
		return "Couldn't " + what
	}
	return "Vaultbar: something failed"
}

// failures says what each action failed to do; PROFILE stands for the profile's name.
var failures = map[ActionKind]string{
	OpenConsole:       "open the console for PROFILE",
	CopyConsoleURL:    "copy the console URL for PROFILE",
	CopyEnv:           "copy env for PROFILE",
	StartServer:       "start the metadata server for PROFILE",
	StopServer:        "stop the metadata server for PROFILE",
	CopyServerEnv:     "copy the server env for PROFILE",
	ClearSession:      "clear the session of PROFILE",
	RemoveCredentials: "remove the credentials of PROFILE",
	AddCredentials:    "add credentials",
	ClearAllSessions:  "clear all sessions",
	SelectBrowser:     "change the browser",
	SelectIsolation:   "change the browser isolation",
	OpenConfigFile:    "open the config file",
	About:             "show About",
	ChooseAction:      "ask what to do with PROFILE",
	FindProfile:       "find a profile",
	CopyAccountID:     "copy the account ID of PROFILE",
	SetStartAtLogin:   "change start at login",
	RotateKeys:        "rotate the keys of PROFILE",
	SetNotifySuccess:  "change notify on success",
}
