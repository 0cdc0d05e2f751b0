package app

import (
	"context"

	"github.com/vaultbar/vaultbar/tray"
)

// findProfile is the menu's "Find profile…": every profile with its state in a list the user
// types into, then the action chooser for the one picked.
func (a *App) findProfile(ctx context.Context, rows []tray.FindRow) (tray.Action, error) {
	if a.fx.Choose == nil {
		return tray.Action{}, ErrUnavailable
	}
	labels := make([]string, len(rows))
	for i, r := range rows {
		labels[i] = r.Label
	}
	i, err := a.fx.Choose(ctx, "Find profile: type the start of its name, then press Enter.", labels)
	if err != nil {
		return tray.Action{}, err
	}
	return a.chooseAction(ctx, tray.Action{Kind: tray.ChooseAction, Profile: rows[i].Profile})
}
