package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/vaultbar/vaultbar/tray"

	"github.com/vaultbar/vaultbar/vault"
)

// accountOf is the AWS account ID and role name the config gives a profile: from role_arn
// ("arn:aws:iam::123456789012:role/path/Name"), else from sso_account_id and sso_role_name.
// A profile with keys has neither: the menu is built without network calls, so its account
// stays unknown ("") until the key-age fetch (rotatemenu.go) brings its IAM user's account.
func accountOf(p *vault.Profile) (account, role string) {
	if p.RoleARN != "" {
		parts := strings.SplitN(p.RoleARN, ":", 6)
		if len(parts) == 6 && parts[0] == "arn" && isAccountID(parts[4]) {
			resource := parts[5]
			if i := strings.LastIndexByte(resource, '/'); i >= 0 {
				resource = resource[i+1:]
			}
			return parts[4], resource
		}
		return "", ""
	}
	if isAccountID(p.SSOAccountID) {
		return p.SSOAccountID, p.SSORoleName
	}
	return "", ""
}

// isAccountID: an AWS account ID is 12 digits.
func isAccountID(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789") == ""
}

// copyAccountID is the menu's "Copy account ID": the account its header shows (act.Account,
// which for a profile with keys only IAM told the menu), else the one the config gives the
// profile. It goes through the clipboard that clears itself, as every copy from the menu does.
func (a *App) copyAccountID(_ context.Context, act tray.Action) error {
	if a.fx.CopySecret == nil {
		return ErrUnavailable
	}
	if act.Account != "" {
		if !isAccountID(act.Account) {
			return fmt.Errorf("copy the account ID of profile %s: %q is not an AWS account ID", act.Profile, act.Account)
		}
		return a.fx.CopySecret(act.Account)
	}
	p, err := a.Profile(act.Profile, vault.Overrides{})
	if err != nil {
		return err
	}
	account, _ := accountOf(p)
	if account == "" {
		return vault.WithHint(fmt.Errorf("profile %s names no AWS account", act.Profile),
			"set role_arn or sso_account_id in its section of the config file")
	}
	return a.fx.CopySecret(account)
}
