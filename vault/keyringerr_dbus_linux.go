//go:build linux

package vault

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

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

// An item object another process deleted after this one found it answers every call with
// UnknownMethod (gnome-keyring: "Object does not exist at path “…/collection/awsvault/7”";
// GDBus services: "No such interface “org.freedesktop.Secret.Item” on object at path …").
var (
	dbusGoneNames = []string{dbusErrorNamePrefix + "UnknownMethod", dbusErrorNamePrefix + "UnknownObject",
		dbusErrorNamePrefix + "UnknownInterface"}
	// compiled on the first such error, not at every command's start
	dbusItemPath = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`/org/freedesktop/secrets/collection/[^/\s“”"']+/[^/\s“”"']+`)
	})
)

// isDBusItemGone reports a Secret Service item that no longer exists.
func isDBusItemGone(err error) bool {
	de, ok := asDBusError(err)
	if !ok || !slices.Contains(dbusGoneNames, de.Name) || len(de.Body) == 0 {
		return false
	}
	msg, _ := de.Body[0].(string)
	return strings.Contains(msg, "org.freedesktop.Secret.Item") || dbusItemPath().MatchString(msg)
}

func asDBusError(err error) (dbus.Error, bool) {
	var de dbus.Error
	if errors.As(err, &de) {
		return de, true
	}
	var dp *dbus.Error
	if errors.As(err, &dp) && dp != nil {
		return *dp, true
	}
	return dbus.Error{}, false
}

// classifyDBusErr maps Secret Service / KWallet / bus failures, or returns nil.
func classifyDBusErr(err error) error {
	if errors.Is(err, dbus.ErrClosed) {
		return dbusUnavailable(err)
	}
	de, ok := asDBusError(err)
	if !ok {
		return nil
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
