package vault

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/99designs/keyring"
)

// jose2go's text when the file backend's key unwrap fails, i.e. the passphrase is wrong
// (verified against keyring v1.2.2 / jose2go v1.5.0; the library exports no error value).
const fileKeyringBadPassphrase = "integrity check failed"

// ErrWrongPassphrase: the file keyring's passphrase was wrong. It comes wrapped with
// ErrKeyringLocked, so callers that only know a locked keyring still see one.
var ErrWrongPassphrase = errors.New("wrong passphrase")

// isKeyringItemMissing reports a missing item. The file backend answers Remove of a
// missing key with a *fs.PathError rather than keyring.ErrKeyNotFound; the Secret Service
// answers with a D-Bus error when another process deleted the item after it was found.
func isKeyringItemMissing(err error) bool {
	return errors.Is(err, keyring.ErrKeyNotFound) || errors.Is(err, fs.ErrNotExist) || isDBusItemGone(err)
}

// classifyKeyringErr turns a backend error into one of the package sentinels so callers
// can branch on it. where names the keyring for hints ("" when unknown). Missing items
// are the caller's business and come back unchanged, as do errors already classified.
func classifyKeyringErr(err error, where string) error {
	switch {
	case err == nil || isKeyringItemMissing(err) || isKeyringClassified(err):
		return err
	case strings.Contains(err.Error(), fileKeyringBadPassphrase):
		return WithHint(fmt.Errorf("%w: %w: %w", ErrKeyringLocked, ErrWrongPassphrase, err),
			"wrong passphrase for %s", cmp.Or(where, "the file keyring"))
	case errors.Is(err, keyring.ErrNoAvailImpl):
		return WithHint(fmt.Errorf("%w: %w", ErrKeyringUnavailable, err),
			"set AWS_VAULT_BACKEND to a backend that works here")
	case isBackendDataError(err):
		// The backend's wrapper JSON is damaged. Its decoder message may quote bytes of
		// the item, so it is dropped rather than wrapped.
		return fmt.Errorf("%w: the backend could not decode the stored item", ErrCorruptItem)
	}
	if c := classifyDBusErr(err); c != nil {
		return c
	}
	return err
}

func isKeyringClassified(err error) bool {
	return errors.Is(err, ErrKeyringLocked) || errors.Is(err, ErrKeyringUnavailable) || errors.Is(err, ErrCorruptItem)
}

func isBackendDataError(err error) bool {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	return errors.As(err, &syn) || errors.As(err, &typ)
}
