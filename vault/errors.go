package vault

import (
	"errors"
	"fmt"
)

// Errors the callers (CLI, tray) branch on. Wrap them with context; test with errors.Is.
var (
	// ErrNoCredentials: the profile has neither stored keys nor another way to get credentials.
	ErrNoCredentials = errors.New("no credentials")
	// ErrMFACancelled: the user dismissed the MFA prompt.
	ErrMFACancelled = errors.New("mfa prompt cancelled")
	// ErrKeyringLocked: the keyring exists but could not be unlocked (wrong passphrase, locked collection).
	ErrKeyringLocked = errors.New("keyring is locked")
	// ErrKeyringUnavailable: no usable keyring backend (no D-Bus session, unknown backend, ...).
	ErrKeyringUnavailable = errors.New("keyring is unavailable")
	// ErrCorruptItem: a keyring item could not be decoded. It is left in place.
	ErrCorruptItem = errors.New("keyring item is corrupt")
	// ErrProfileNotFound: no such profile in the config file (and no stored keys under that name).
	ErrProfileNotFound = errors.New("profile not found")
	// ErrNotCached: no cached session (or OIDC token) under that key. Not a failure: the caller fetches a new one.
	ErrNotCached = errors.New("not cached")
	// ErrConfig: the config file is malformed or inconsistent (include loop, unknown source_profile, ...).
	ErrConfig = errors.New("invalid aws config")
)

// HintError carries a one-line hint for the user next to the error itself.
type HintError struct {
	Err  error
	Hint string
}

func (e *HintError) Error() string { return e.Err.Error() }
func (e *HintError) Unwrap() error { return e.Err }

// WithHint attaches a hint to err; Hint finds it again through any wrapping.
func WithHint(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return &HintError{Err: err, Hint: fmt.Sprintf(format, args...)}
}

// Hint returns the first hint attached to err, or "".
func Hint(err error) string {
	var h *HintError
	if errors.As(err, &h) {
		return h.Hint
	}
	return ""
}
