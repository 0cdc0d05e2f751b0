//go:build linux

package vault

import (
	"errors"
	"fmt"
	"strings"

	"github.com/godbus/dbus"
)

// Secret Service error names (freedesktop Secret Service API). libsecret ignores a
// dismissed unlock prompt, so a dismissed prompt surfaces later as IsLocked.
const (
	dbusSecretIsLocked   = "org.freedesktop.Secret.Error.IsLocked"
	dbusSecretNoSession  = "org.freedesktop.Secret.Error.NoSession"
	dbusErrorNamePrefix  = "org.freedesktop.DBus.Error."
	dbusKWalletErrPrefix = "org.kde."
)

// classifyDBusErr maps Secret Service / KWallet / bus failures, or returns nil.
func classifyDBusErr(err error) error {
	if errors.Is(err, dbus.ErrClosed) {
		return dbusUnavailable(err)
	}
	var de dbus.Error
	if !errors.As(err, &de) {
		var dp *dbus.Error
		if !errors.As(err, &dp) || dp == nil {
			return nil
		}
		de = *dp
	}
	switch {
	case de.Name == dbusSecretIsLocked:
		return WithHint(fmt.Errorf("%w: %w", ErrKeyringLocked, err),
			"unlock the keyring collection when your desktop asks, then retry")
	case de.Name == dbusSecretNoSession,
		strings.HasPrefix(de.Name, dbusErrorNamePrefix),
		strings.HasPrefix(de.Name, dbusKWalletErrPrefix):
		return dbusUnavailable(err)
	}
	return nil
}

func dbusUnavailable(err error) error {
	return WithHint(fmt.Errorf("%w: %w", ErrKeyringUnavailable, err),
		"start the desktop keyring service (Secret Service) or set AWS_VAULT_BACKEND=file")
}
