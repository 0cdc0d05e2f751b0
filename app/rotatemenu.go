package app

import (
	"context"
	"fmt"

	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// keyAge is the menu's KeyAge: when the key of act.Profile was created and the account of
// its IAM user (zero, "": unknown), from the same IAM calls.
func (a *App) keyAge(ctx context.Context, act tray.Action) (tray.KeyInfo, error) {
	info, err := a.AccessKeyInfo(ctx, act.Profile)
	return tray.KeyInfo{Created: info.Created, Account: info.Account}, err
}

// confirmRotate is the menu's "Rotate keys…": it names the IAM user and the key, asks, rotates
// and says what happened. The MFA code, when the profile needs one, is asked by the app's dialog.
func (a *App) confirmRotate(ctx context.Context, act tray.Action) error {
	info, err := a.AccessKeyInfo(ctx, act.Profile)
	if err != nil {
		return err
	}
	question := fmt.Sprintf("Rotate access key %s of IAM user %s (stored for profile %s)? A new key replaces it in the keyring and the old one is deleted in IAM.",
		info.KeyID, info.User, info.Profile)
	ok, err := a.confirmVerb(ctx, "Rotate key", question)
	if err != nil || !ok {
		return err
	}
	r, err := a.RotateKeys(ctx, act.Profile, vault.RotateOptions{})
	if err != nil {
		return err
	}
	a.fx.Notify("Access key rotated", fmt.Sprintf("Profile %s now uses access key %s of IAM user %s; %s is deleted.",
		r.Profile, r.NewKeyID, r.User, r.OldKeyID))
	return nil
}
