package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

const sessionDescription = "aws-vault session"

func sessionLabel(profile string, exp time.Time) string {
	return "aws-vault session for " + profile + " (expires " + exp.Format(time.RFC3339) + ")"
}

// Session returns the cached session for (typ, profile, mfaSerial), whatever its expiry;
// the caller decides whether enough time is left. Like aws-vault it first deletes legacy
// and expired session keys, best effort.
func (s *Store) Session(typ, profile, mfaSerial string) (types.Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _ = s.removeOldSessionsLocked() // best effort, as in aws-vault; real failures recur below
	want := SessionKey{Type: typ, Profile: profile, MFASerial: mfaSerial}
	key, err := s.findSessionKeyLocked(want.MatchPrefix())
	if err != nil {
		return types.Credentials{}, err
	}
	if key == "" {
		return types.Credentials{}, notCachedSession(typ, profile)
	}
	item, err := s.getLocked(key)
	if isItemInFlux(err) { // removed or being rewritten by another process since Keys
		return types.Credentials{}, notCachedSession(typ, profile)
	}
	if err != nil {
		return types.Credentials{}, err
	}
	return decodeSession(typ, profile, item.Data)
}

func notCachedSession(typ, profile string) error {
	return fmt.Errorf("no cached %s session for profile %q: %w", typ, profile, ErrNotCached)
}

// decodeSession never quotes the data or the decoder's message (they may hold secrets).
func decodeSession(typ, profile string, data []byte) (types.Credentials, error) {
	var c types.Credentials
	err := json.Unmarshal(data, &c)
	if err != nil || c.AccessKeyId == nil || c.SecretAccessKey == nil || c.SessionToken == nil || c.Expiration == nil {
		return types.Credentials{}, WithHint(
			fmt.Errorf("cached %s session for profile %q is not valid: %w", typ, profile, ErrCorruptItem),
			"remove cached sessions with: vaultbar clear %s", profile)
	}
	return c, nil
}

// findSessionKeyLocked returns the first key with prefix, in keyring order as aws-vault
// does, or "" when there is none.
func (s *Store) findSessionKeyLocked(prefix string) (string, error) {
	keys, err := s.keysLocked()
	if err != nil {
		return "", err
	}
	for _, k := range keys {
		if strings.HasPrefix(k, prefix) {
			return k, nil
		}
	}
	return "", nil
}

// SetSession caches c. The key's expiry comes from c.Expiration; older keys for the
// same (typ, profile, mfaSerial) are deleted first, so exactly one remains. aws-vault
// deletes only the first such key; deleting all of them converges to the same state.
func (s *Store) SetSession(typ, profile, mfaSerial string, c types.Credentials) error {
	if c.Expiration == nil {
		return fmt.Errorf("cache %s session for profile %q: credentials have no expiration", typ, profile)
	}
	key := SessionKey{Type: typ, Profile: profile, MFASerial: mfaSerial, Expiration: *c.Expiration}
	if _, err := ParseSessionKey(key.String()); err != nil {
		return fmt.Errorf("cache %s session for profile %q: %w", typ, profile, err)
	}
	data, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("cache %s session for profile %q: encode: %w", typ, profile, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _ = s.removeOldSessionsLocked() // best effort, as in aws-vault
	if err := s.removeSessionsWithPrefixLocked(key.MatchPrefix(), key.String()); err != nil {
		return err
	}
	return s.setLocked(keyring.Item{
		Key:         key.String(),
		Data:        data,
		Label:       sessionLabel(profile, *c.Expiration),
		Description: sessionDescription,
	})
}

func (s *Store) removeSessionsWithPrefixLocked(prefix, keep string) error {
	keys, err := s.keysLocked()
	if err != nil {
		return err
	}
	for _, k := range keys {
		if k != keep && strings.HasPrefix(k, prefix) {
			if _, err := s.removeLocked(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// Sessions lists the cached sessions (current format only; legacy keys are not usable
// and are skipped), in keyring order. Expired ones are included: `aws-vault list`
// shows them with a negative time left.
func (s *Store) Sessions() ([]SessionKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	entries, err := s.sessionEntriesLocked()
	if err != nil {
		return nil, err
	}
	out := make([]SessionKey, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.parsed)
	}
	return out, nil
}

// sessionEntry keeps the raw key next to its parse: a key written by another tool may
// not be byte-identical to parsed.String() (e.g. a leading zero), and deletes must use
// the raw name.
type sessionEntry struct {
	key    string
	parsed SessionKey
}

func (s *Store) sessionEntriesLocked() ([]sessionEntry, error) {
	keys, err := s.keysLocked()
	if err != nil {
		return nil, err
	}
	var out []sessionEntry
	for _, k := range keys {
		if IsLegacySessionKey(k) {
			continue
		}
		if sk, err := ParseSessionKey(k); err == nil {
			out = append(out, sessionEntry{key: k, parsed: sk})
		}
	}
	return out, nil
}

// RemoveSessions deletes every cached session of profile, of any type, and reports how
// many it deleted. OIDC tokens are kept (they belong to a start URL, not a profile).
func (s *Store) RemoveSessions(profile string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.removeSessionsMatchingLocked(func(k SessionKey) bool { return k.Profile == profile })
}

func (s *Store) removeSessionsMatchingLocked(match func(SessionKey) bool) (int, error) {
	entries, err := s.sessionEntriesLocked()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		if !match(e.parsed) {
			continue
		}
		removed, err := s.removeLocked(e.key)
		if err != nil {
			return n, err
		}
		if removed {
			n++
		}
	}
	return n, nil
}

// RemoveOldSessions deletes legacy-format session keys and current-format keys whose
// encoded expiry has passed, reading key names only (no decryption, no prompts).
func (s *Store) RemoveOldSessions() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.removeOldSessionsLocked()
}

// removeOldSessionsLocked keeps going past a failed delete, like aws-vault, and reports
// the failures together.
func (s *Store) removeOldSessionsLocked() (int, error) {
	keys, err := s.keysLocked()
	if err != nil {
		return 0, err
	}
	now := s.now()
	n := 0
	var errs []error
	for _, k := range keys {
		if !IsLegacySessionKey(k) && !sessionKeyExpiredAt(k, now) {
			continue
		}
		removed, err := s.removeLocked(k)
		if err != nil {
			errs = append(errs, err)
		} else if removed {
			n++
		}
	}
	return n, errors.Join(errs...)
}
