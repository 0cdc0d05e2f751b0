package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// MenuOptions are what the menu needs beside the use cases.
type MenuOptions struct {
	Version string
	Recent  []string // the recent profiles saved last (LoadRecent), shown until one is used
}

// MenuDeps are the menu's effects: every click runs one use case of a.
func (a *App) MenuDeps(o MenuOptions) tray.Deps {
	return tray.Deps{
		Load: func(ctx context.Context) (tray.Snapshot, error) {
			s, err := a.Snapshot(ctx, o.Recent)
			s.NotifySuccess = a.notifySuccessItem()
			return s, err
		},
		OpenConsole: func(ctx context.Context, act tray.Action) error {
			return a.OpenConsole(ctx, consoleRequestOf(act))
		},
		CopyConsoleURL: func(ctx context.Context, act tray.Action) error {
			return a.succeeded(act, a.CopyConsoleURL(ctx, consoleRequestOf(act)))
		},
		CopyEnv: func(ctx context.Context, act tray.Action) error {
			return a.succeeded(act, a.CopyEnv(ctx, Request{Profile: act.Profile}, cmp.Or(act.Format, DefaultEnvFormat)))
		},
		StartServer: func(ctx context.Context, act tray.Action) (tray.Server, error) {
			kind, addr, err := a.StartServer(ctx, act.Profile, act.Server)
			return tray.Server{Kind: kind, Addr: addr}, err
		},
		StopServer: a.StopServer,
		CopyServerEnv: func(ctx context.Context, act tray.Action) error {
			return a.succeeded(act, a.CopyServerEnv(ctx, act.Profile))
		},
		ClearSession: func(_ context.Context, act tray.Action) error {
			_, err := a.ClearSessions(act.Profile)
			return err
		},
		RemoveCredentials: a.confirmRemove,
		RotateKeys:        a.confirmRotate,
		KeyAge:            a.keyAge,
		AddCredentials:    func(ctx context.Context, _ tray.Action) error { return a.AskAndAddCredentials(ctx) },
		AddSSOProfiles:    func(ctx context.Context, _ tray.Action) error { return a.AskAndPopulate(ctx) },
		CancelSignIn:      a.cancelSignIn,
		ClearAllSessions:  a.confirmClearAll,
		SelectBrowser:     func(_ context.Context, act tray.Action) error { return a.selectBrowser(act.Browser) },
		SelectIsolation:   func(_ context.Context, act tray.Action) error { return a.selectIsolation(act.Isolation) },
		SetNotifySuccess:  a.setNotifySuccess,
		OpenConfigFile:    func(ctx context.Context, _ tray.Action) error { return a.openConfigFile(ctx) },
		ChooseAction:      a.chooseAction,
		FindProfile:       a.findProfile,
		CopyAccountID:     a.copyAccountID,
		About: func(context.Context, tray.Action) error {
			a.fx.Notify("Vaultbar "+o.Version, "aws-vault in the menu bar. Profiles from "+a.ConfigPath()+". Log in "+a.LogPath()+".")
			return nil
		},
		SetStartAtLogin: a.SetStartAtLogin,
		SaveRecent:      a.SaveRecent,
		Notify:          a.fx.Notify,
		Now:             a.fx.Now,
		// In the menu a context.Canceled that reaches an effect whose own context is alive
		// is a sign-in the user cancelled ("Cancel sign-in"): not a failure to report.
		IsCancel: func(err error) bool { return a.fx.IsCancel(err) || errors.Is(err, context.Canceled) },
		Describe: a.describeProblem,
		Explain:  a.explainFailure,
		Begin:    a.beginAction,
	}
}

// consoleRequestOf is a console click or link as a request.
func consoleRequestOf(act tray.Action) ConsoleRequest {
	return ConsoleRequest{Request: Request{Profile: act.Profile, Overrides: overridesOf(act)},
		Service: act.Service, Path: act.Path, Browser: act.Browser}
}

// overridesOf is an action's region, which overrides the profile's.
func overridesOf(act tray.Action) vault.Overrides { return vault.Overrides{Region: act.Region} }

func (a *App) confirmRemove(ctx context.Context, act tray.Action) error {
	ok, err := a.confirmVerb(ctx, "Remove keys", fmt.Sprintf("Remove the access keys and sessions of profile %s from the keyring?", act.Profile))
	if err != nil || !ok {
		return err
	}
	_, err = a.RemoveCredentials(act.Profile)
	return err
}

func (a *App) confirmClearAll(ctx context.Context, _ tray.Action) error {
	ok, err := a.confirmVerb(ctx, "Clear all sessions", "Delete every cached session and SSO token from the keyring?")
	if err != nil || !ok {
		return err
	}
	_, err = a.ClearAll()
	return err
}

// confirmVerb asks question with the buttons verb ("Remove keys") and Cancel, as macOS and
// GNOME name a confirmation's buttons; where this entrance has no such dialog, yes or no.
func (a *App) confirmVerb(ctx context.Context, verb, question string) (bool, error) {
	if a.fx.ConfirmVerb != nil {
		return a.fx.ConfirmVerb(ctx, question, verb)
	}
	return a.confirm(ctx, question)
}

func (a *App) confirm(ctx context.Context, question string) (bool, error) {
	if a.fx.Confirm == nil {
		return false, ErrUnavailable
	}
	return a.fx.Confirm(ctx, question)
}

// chooseAction asks which action to run for a profile listed without a submenu.
func (a *App) chooseAction(ctx context.Context, act tray.Action) (tray.Action, error) {
	if a.fx.Choose == nil {
		return tray.Action{}, ErrUnavailable
	}
	p := tray.Profile{Name: act.Profile}
	if a.serving(act.Profile) {
		p.Server = &tray.Server{}
	}
	labels, actions := tray.ProfileActions(p)
	i, err := a.fx.Choose(ctx, "What do you want to do with profile "+act.Profile+"?", labels)
	if err != nil {
		return tray.Action{}, err
	}
	return actions[i], nil
}

// cancelSignIn is the menu's "Cancel sign-in": it stops the IAM Identity Center sign-in to
// act.Path for every request waiting on it.
func (a *App) cancelSignIn(_ context.Context, act tray.Action) error {
	v, err := a.Vault()
	if err != nil {
		return err
	}
	v.CancelSSOSignIn(act.Path) // none running: it ended while the menu was open
	return nil
}
