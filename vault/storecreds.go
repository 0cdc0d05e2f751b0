package vault

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"
)

// oidcKeyPrefix marks family (c) keys; defined here because it is also what excludes
// them from the credential listing.
const oidcKeyPrefix = "oidc:"

// storedKeys is the JSON aws-vault writes for long-term keys: the Go SDK's aws.Credentials
// as of v7.2.0. A struct of our own pins the field set and order, so a newer SDK's extra
// fields (AccountID) are never written; decoding ignores unknown fields.
type storedKeys struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Source          string
	CanExpire       bool
	Expires         time.Time
}

func credentialsLabel(profile string) string { return "aws-vault (" + profile + ")" }

// isCredentialKey answers "which keys are credentials?" the way aws-vault does: by
// elimination. Foreign items under the service therefore show up as profiles too.
func isCredentialKey(key string) bool {
	return !IsSessionKey(key) && !IsLegacySessionKey(key) && !strings.HasPrefix(key, oidcKeyPrefix)
}

// CredentialProfiles lists the profiles with stored long-term keys, in the order the
// backend returns them (as `aws-vault list --credentials` does: unsorted; the file
// backend happens to return file-name order, ArrayKeyring random order).
func (s *Store) CredentialProfiles() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys, err := s.keysLocked()
	if err != nil {
		return nil, err
	}
	var profiles []string
	for _, k := range keys {
		if isCredentialKey(k) {
			profiles = append(profiles, k)
		}
	}
	return profiles, nil
}

// HasCredentials reports whether keys are stored for profile, from key names only, so
// it never triggers a keychain access prompt.
func (s *Store) HasCredentials(profile string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hasKeyLocked(profile)
}

// Credentials returns the stored long-term keys of profile.
func (s *Store) Credentials(profile string) (aws.Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	item, err := s.getLocked(profile)
	if isKeyringItemMissing(err) {
		return aws.Credentials{}, WithHint(fmt.Errorf("no stored keys for profile %q: %w", profile, ErrNoCredentials),
			"store keys with: vaultbar add %s", profile)
	}
	if err != nil {
		return aws.Credentials{}, err
	}
	return decodeStoredKeys(profile, item.Data)
}

// decodeStoredKeys never quotes the data or the decoder's message: both can contain
// fragments of the secret.
func decodeStoredKeys(profile string, data []byte) (aws.Credentials, error) {
	var k storedKeys
	if err := json.Unmarshal(data, &k); err != nil || k.AccessKeyID == "" || k.SecretAccessKey == "" {
		return aws.Credentials{}, WithHint(
			fmt.Errorf("stored keys for profile %q are not valid aws-vault credentials: %w", profile, ErrCorruptItem),
			"re-add them with: vaultbar add %s", profile)
	}
	return aws.Credentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey}, nil
}

// SetCredentials stores long-term keys for profile. Only the access key ID and secret
// are kept (aws-vault's add never stores a session token).
func (s *Store) SetCredentials(profile string, c aws.Credentials) error {
	if err := checkCredentialProfileName(profile); err != nil {
		return err
	}
	if c.AccessKeyID == "" || c.SecretAccessKey == "" {
		return fmt.Errorf("store keys for profile %q: access key ID and secret access key are both required", profile)
	}
	data, err := json.Marshal(storedKeys{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey})
	if err != nil {
		return fmt.Errorf("store keys for profile %q: encode: %w", profile, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.setLocked(keyring.Item{
		Key:                         profile,
		Data:                        data,
		Label:                       credentialsLabel(profile),
		KeychainNotTrustApplication: true,
	})
}

// checkCredentialProfileName refuses names that would be stored but then read back as a
// session or OIDC key, i.e. keys that would silently vanish from every listing.
func checkCredentialProfileName(profile string) error {
	if profile == "" {
		return fmt.Errorf("store keys: profile name is empty")
	}
	if !isCredentialKey(profile) {
		return fmt.Errorf("store keys: profile name %q looks like a session or oidc key", profile)
	}
	return nil
}

// RemoveCredentials deletes the long-term keys of profile (not its sessions, like
// `aws-vault remove`). A profile without keys is ErrNoCredentials.
func (s *Store) RemoveCredentials(profile string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	has, err := s.hasKeyLocked(profile)
	if err != nil {
		return err
	}
	removed := false
	if has && isCredentialKey(profile) {
		if removed, err = s.removeLocked(profile); err != nil {
			return err
		}
	}
	if !removed {
		return WithHint(fmt.Errorf("remove keys for profile %q: %w", profile, ErrNoCredentials),
			"list stored keys with: vaultbar list --credentials")
	}
	return nil
}
