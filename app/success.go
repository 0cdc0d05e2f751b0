package app

import (
	"context"
	"fmt"
	"time"

	"github.com/vaultbar/vaultbar/tray"
)

// succeeded says that act worked (notifySuccess). It passes err through, so a use case
// ends with `return a.succeeded(act, err)`.
func (a *App) succeeded(act tray.Action, err error) error {
	if err != nil {
		return err
	}
	if title, body := successText(act, a.fx.ClipboardClears); title != "" {
		a.notifySuccess(title, body)
	}
	return nil
}

// notifySuccess is a notification that something worked, unless the
// no_success_notifications setting is on.
func (a *App) notifySuccess(title, body string) {
	if st, err := a.LoadSettings(); err == nil && st.NoSuccessNotifications {
		return
	}
	a.fx.Notify(title, body)
}

// notifySuccessItem is the menu's "Notify on success" checkbox as the settings say.
func (a *App) notifySuccessItem() tray.LoginItem {
	st, err := a.LoadSettings()
	return tray.LoginItem{Available: err == nil, On: !st.NoSuccessNotifications}
}

// setNotifySuccess is a click on "Notify on success": act.On is the state asked for.
func (a *App) setNotifySuccess(_ context.Context, act tray.Action) error {
	return a.updateSettings(func(s *Settings) { s.NoSuccessNotifications = !act.On })
}

// successText is what a successful copy says; "" for an action that says nothing here (a
// browser window is in plain sight; Add credentials says whose keys it stored). clears is how long the clipboard keeps a
// secret.
func successText(act tray.Action, clears time.Duration) (title, body string) {
	var done string
	switch act.Kind {
	case tray.CopyEnv:
		done = "Copied env for " + act.Profile
	case tray.CopyServerEnv:
		done = "Copied the server env for " + act.Profile
	case tray.CopyConsoleURL:
		done = "Copied the console URL for " + act.Profile
	default:
		return "", ""
	}
	if clears <= 0 {
		return done, "It is on the clipboard."
	}
	return done, "Clears from the clipboard in " + spokenDuration(clears) + "."
}

// spokenDuration is a short delay as people say it: "45 s", "2 min", "1 min 30 s".
func spokenDuration(d time.Duration) string {
	d = d.Round(time.Second)
	m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case m == 0:
		return fmt.Sprintf("%d s", s)
	case s == 0:
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d min %d s", m, s)
}
