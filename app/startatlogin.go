package app

import (
	"context"

	"github.com/vaultbar/vaultbar/tray"
)

// LoginStart is what the system records about starting Vaultbar at login.
type LoginStart struct {
	On    bool
	Where string // the file or registry value that decides it
	Note  string // something the user should know, "" when none
}

// SetStartAtLogin turns starting at login on or off (the menu's checkbox).
func (a *App) SetStartAtLogin(ctx context.Context, on bool) error {
	if a.fx.SetStartAtLogin == nil {
		return ErrUnavailable
	}
	return a.fx.SetStartAtLogin(ctx, on)
}

// loginItem is the menu's "Start at login" as the system records it now; hidden when this
// entrance has no way to read it. A failed read shows unchecked, the error as its tooltip:
// the rest of the menu does not depend on it.
func (a *App) loginItem(ctx context.Context) tray.LoginItem {
	if a.fx.StartAtLogin == nil || a.fx.SetStartAtLogin == nil {
		return tray.LoginItem{}
	}
	st, err := a.fx.StartAtLogin(ctx)
	if err != nil {
		return tray.LoginItem{Available: true, Tooltip: UserText(err)}
	}
	tip := st.Where
	if st.Note != "" {
		tip += " (" + st.Note + ")"
	}
	return tray.LoginItem{Available: true, On: st.On, Tooltip: tip}
}
