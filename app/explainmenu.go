package app

import (
	"cmp"
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// LogPath is Vaultbar's log file, where the place of logs is on each platform:
// ~/Library/Logs/Vaultbar on macOS, %LOCALAPPDATA%\Vaultbar on Windows, else
// $XDG_STATE_HOME/vaultbar (~/.local/state/vaultbar).
func (a *App) LogPath() string {
	if runtime.GOOS == "darwin" {
		return filepath.Join(a.HomeDir(), "Library", "Logs", "Vaultbar", "vaultbar.log")
	}
	return filepath.Join(a.appDir(stateDir), "vaultbar.log")
}

// explainFailure is the menu's notification of a failed action. The whole error, its chain
// and its hint, goes to the log; the notification gets the plain words of Explain.
func (a *App) explainFailure(act tray.Action, err error) (title, body string) {
	doing := cmp.Or(tray.Doing(act), "do that")
	a.logFailure(doing, err)
	e := Explain(doing, err)
	return e.Title, e.Body()
}

// logFailure writes a failure in full to the log: what was being done, the error's chain
// and its hint.
func (a *App) logFailure(doing string, err error) {
	if h := vault.Hint(err); h != "" {
		a.fx.Log.Printf("%s failed: %v (hint: %s)", doing, err, h)
		return
	}
	a.fx.Log.Printf("%s failed: %v", doing, err)
}

// beginAction labels the dialogs an action may raise (an MFA code deep in a refresh, a
// confirmation) with the action and its profile: "Copy env for alice — MFA code".
func (a *App) beginAction(ctx context.Context, act tray.Action) context.Context {
	doing := tray.Doing(act)
	if doing == "" {
		return ctx // its dialogs keep the app's name
	}
	return vault.WithPromptAction(ctx, strings.ToUpper(doing[:1])+doing[1:])
}

// describeProblem is a failure without an action of its own (the menu's problem line when
// the profiles cannot be read, a failed save of the recent list): the plain words of its
// cause and next step, the whole error to the log. An error with no words here is its own
// text and hint: the config's and the settings' mistakes are written for the user, with the
// line or the key at fault.
func (a *App) describeProblem(err error) string {
	c, ok := causeOf(err)
	if !ok || errors.Is(err, vault.ErrConfig) || errors.Is(err, vault.ErrProfileNotFound) {
		return UserText(err)
	}
	a.logFailure("keep the menu current", err)
	return c.cause + " " + c.next
}
