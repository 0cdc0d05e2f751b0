package vault

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/99designs/keyring"
)

// Store reads and writes aws-vault's three item families (long-term keys, cached
// sessions, OIDC tokens) in one keyring, byte-compatible with aws-vault v7.2.0.
//
// Every keyring call goes through one mutex: backends such as ArrayKeyring are not safe
// for concurrent use, and serialising makes "delete older session, then write the new
// one" atomic within this process. (The aws-vault CLI takes no lock, so another process
// may still interleave; the formats tolerate that.)
type Store struct {
	mu    sync.Mutex
	kr    keyring.Keyring
	now   func() time.Time
	where string // names the keyring in hints; "" when unknown
}

// NewStore wraps kr. now is the clock used for expiry decisions; nil means time.Now.
func NewStore(kr keyring.Keyring, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{kr: kr, now: now, where: keyringLocationOf(kr)}
}

// The helpers below must be called with s.mu held. They classify backend errors but
// leave "missing item" errors for the caller to interpret per family.

func (s *Store) keysLocked() ([]string, error) {
	keys, err := s.kr.Keys()
	if err != nil {
		return nil, fmt.Errorf("list keyring items: %w", classifyKeyringErr(err, s.where))
	}
	return keys, nil
}

func (s *Store) getLocked(key string) (keyring.Item, error) {
	item, err := s.kr.Get(key)
	if errors.Is(err, errItemUnreadable) {
		return keyring.Item{}, WithHint(&unreadableItemError{key: key},
			"run the command again; if this keeps happening, remove the item (vaultbar clear, or vaultbar remove for stored keys) and add it again")
	}
	if err != nil {
		return keyring.Item{}, fmt.Errorf("read keyring item %q: %w", key, classifyKeyringErr(err, s.where))
	}
	return item, nil
}

func (s *Store) setLocked(item keyring.Item) error {
	if err := s.kr.Set(item); err != nil {
		return fmt.Errorf("write keyring item %q: %w", item.Key, classifyKeyringErr(err, s.where))
	}
	return nil
}

// removeLocked deletes key; an item that is already gone counts as removed (false) so
// that a concurrent aws-vault clearing the same item is not an error.
func (s *Store) removeLocked(key string) (bool, error) {
	err := s.kr.Remove(key)
	if isKeyringItemMissing(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("remove keyring item %q: %w", key, classifyKeyringErr(err, s.where))
	}
	return true, nil
}

// hasKeyLocked answers from key names only, which never prompts or decrypts.
func (s *Store) hasKeyLocked(key string) (bool, error) {
	keys, err := s.keysLocked()
	if err != nil {
		return false, err
	}
	return slices.Contains(keys, key), nil
}

// unreadableItemError is a file-keyring item that is not a complete, decryptable item: the
// aws-vault CLI writing it in place right now, or damage. It is an ErrCorruptItem; for a
// cached session or token it is a cache miss (see isItemInFlux).
type unreadableItemError struct{ key string }

func (e *unreadableItemError) Error() string {
	return fmt.Sprintf("keyring item %q is damaged or was being written", e.key)
}

func (e *unreadableItemError) Is(target error) bool { return target == ErrCorruptItem }

// isItemInFlux reports an item that another process has just deleted or is writing. For a
// cache (sessions, OIDC tokens) that is a miss: the caller fetches and stores a new one.
func isItemInFlux(err error) bool {
	var u *unreadableItemError
	return isKeyringItemMissing(err) || errors.As(err, &u)
}
