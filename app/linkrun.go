package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/vaultbar/vaultbar/control"
	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// ErrDeclined is a link the user said no to in the confirmation dialog.
var ErrDeclined = errors.New("declined in the confirmation dialog")

// RunLink carries out a vaultbar:// URL: it checks the link and its profile, asks first when
// the url_confirm setting says so (by default for links that hand out credentials: any web
// page can open one), then gives the action to do, the menu's controller, so that a link and
// a click run the same way. Failures are notified as well as returned; a dismissed dialog
// (IsCancel) and a "no" (ErrDeclined) are returned but not notified.
func (a *App) RunLink(ctx context.Context, raw string, do func(context.Context, tray.Action) error) error {
	err := a.runLink(ctx, raw, do)
	if err != nil && !a.fx.IsCancel(err) && !errors.Is(err, ErrDeclined) {
		a.logFailure("follow a vaultbar:// link", err)
		a.fx.Notify("Vaultbar cannot follow a vaultbar:// link", UserText(err))
	}
	return err
}

func (a *App) runLink(ctx context.Context, raw string, do func(context.Context, tray.Action) error) error {
	l, err := ParseLink(raw)
	if err != nil {
		return err
	}
	if l.Profile != "" {
		if _, err := a.Profile(l.Profile, vault.Overrides{Region: l.Region}); err != nil {
			return err
		}
	}
	st, err := a.LoadSettings()
	if err != nil {
		return err
	}
	mode, _ := st.confirmLinks() // LoadSettings checked it
	if mode == ConfirmAlways || mode == ConfirmSecrets && l.HandsOutSecrets() {
		ok, err := a.confirmVerb(ctx, "Allow", "A vaultbar:// link asks Vaultbar to "+linkWhat(l)+". Allow it?")
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%s for profile %s: %w", l.Action, l.Profile, ErrDeclined)
		}
	}
	return do(ctx, actionOf(l))
}

// linkWhat is what a link does, in words for the confirmation dialog.
func linkWhat(l Link) string {
	switch l.Action {
	case ActionConsole:
		return "open the AWS console for profile " + l.Profile
	case ActionCopyEnv:
		return "copy the credentials of profile " + l.Profile + " to the clipboard (" + l.Format + ")"
	case ActionCopyConsoleURL:
		return "copy a console sign-in URL of profile " + l.Profile + " to the clipboard"
	case ActionServe:
		return "start a metadata server (" + l.Kind + ") for profile " + l.Profile + " and copy its address and token"
	case ActionStop:
		return "stop the metadata server of profile " + l.Profile
	case ActionClear:
		return "delete the cached sessions of profile " + l.Profile
	case ActionFind:
		return "ask which profile to use"
	}
	return "add access keys"
}

// actionOf is a link as the menu action it stands for.
func actionOf(l Link) tray.Action {
	act := tray.Action{Profile: l.Profile}
	switch l.Action {
	case ActionConsole:
		act.Kind, act.Region, act.Service, act.Path, act.Browser = tray.OpenConsole, l.Region, l.Service, l.Path, l.Browser
	case ActionCopyEnv:
		act.Kind, act.Format = tray.CopyEnv, l.Format
	case ActionCopyConsoleURL:
		act.Kind = tray.CopyConsoleURL
	case ActionServe:
		act.Kind, act.Server = tray.StartServer, l.Kind
	case ActionStop:
		act.Kind = tray.StopServer
	case ActionClear:
		act.Kind = tray.ClearSession
	case ActionAdd:
		act.Kind = tray.AddCredentials
	case ActionFind:
		act.Kind = tray.FindProfile
	}
	return act
}

// Control ops the running app answers (besides control's own "ping").
const OpOpen = "open"

// OpenRequest is the body of OpOpen.
type OpenRequest struct {
	URL string `json:"url"`
}

// ControlHandler answers the control socket: OpOpen runs a link through do; OpCredentials
// gets credentials for the command line.
func (a *App) ControlHandler(do func(context.Context, tray.Action) error) control.Handler {
	return func(ctx context.Context, op string, body json.RawMessage) (any, error) {
		switch op {
		case OpCredentials:
			return a.serveCredentials(ctx, body)
		case OpOpen:
			var r OpenRequest
			if err := json.Unmarshal(body, &r); err != nil {
				return nil, vault.WithHint(fmt.Errorf("open: %v", err), "send {\"url\": \"vaultbar://...\"}")
			}
			return struct{}{}, a.RunLink(ctx, r.URL, do)
		}
		return nil, control.UnknownOp(op)
	}
}
