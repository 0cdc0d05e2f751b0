package vault

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

const oidcDescription = "aws-vault oidc token"

// OIDCToken is an IAM Identity Center access token cached per SSO start URL.
type OIDCToken struct {
	AccessToken  string
	TokenType    string
	IDToken      string // "" is stored as null
	RefreshToken string // "" is stored as null; aws-vault v7.2.0 never uses it
	// ExpiresIn is the lifetime in seconds. On SetOIDCToken it counts from now (as the
	// CreateToken response does); OIDCToken recomputes it from Expiration.
	ExpiresIn int32
	// Expiration is set by the store: now+ExpiresIn when written. Ignored on Set.
	Expiration time.Time
}

// oidcTokenRecord is the stored JSON: aws-vault's {Token, Expiration}, where Token is the
// SDK's ssooidc.CreateTokenOutput as of v7.2.0, then Vaultbar's client registration, which
// aws-vault's reader ignores (sso_store.go). Own structs pin the field set, order and nulls;
// ResultMetadata always marshals as {}.
type oidcTokenRecord struct {
	Token          oidcTokenOutput
	Expiration     time.Time
	VaultbarClient *ssoClientReg `json:",omitempty"`
}

type oidcTokenOutput struct {
	AccessToken    *string
	ExpiresIn      int32
	IdToken        *string //nolint:revive // the SDK's field name is the wire format
	RefreshToken   *string
	TokenType      *string
	ResultMetadata struct{}
}

func oidcKey(startURL string) string { return oidcKeyPrefix + startURL }

func oidcLabel(startURL string, exp time.Time) string {
	return "aws-vault oidc token for " + startURL + " (expires " + exp.Format(time.RFC3339) + ")"
}

// oidcNullable maps "" to JSON null, as the SDK leaves absent tokens nil.
func oidcNullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func oidcDeref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// OIDCToken returns the cached token for startURL. An expired token is deleted and
// reported as ErrNotCached, as aws-vault does.
func (s *Store) OIDCToken(startURL string) (OIDCToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	item, err := s.getLocked(oidcKey(startURL))
	if isItemInFlux(err) {
		return OIDCToken{}, notCachedOIDC(startURL)
	}
	if err != nil {
		return OIDCToken{}, err
	}
	tok, err := decodeOIDCToken(startURL, item.Data)
	if err != nil {
		return OIDCToken{}, err
	}
	now := s.now()
	if now.After(tok.Expiration) {
		if _, err := s.removeLocked(oidcKey(startURL)); err != nil {
			return OIDCToken{}, err
		}
		return OIDCToken{}, notCachedOIDC(startURL)
	}
	tok.ExpiresIn = int32(tok.Expiration.Sub(now) / time.Second)
	return tok, nil
}

func notCachedOIDC(startURL string) error {
	return fmt.Errorf("no cached oidc token for %s: %w", startURL, ErrNotCached)
}

// decodeOIDCToken never quotes the data or the decoder's message (they may hold secrets).
func decodeOIDCToken(startURL string, data []byte) (OIDCToken, error) {
	rec, err := decodeOIDCRecord(startURL, data)
	if err != nil {
		return OIDCToken{}, err
	}
	return rec.token(), nil
}

// decodeOIDCRecord is the stored JSON, refused without an access token.
func decodeOIDCRecord(startURL string, data []byte) (oidcTokenRecord, error) {
	var rec oidcTokenRecord
	if err := json.Unmarshal(data, &rec); err != nil || oidcDeref(rec.Token.AccessToken) == "" {
		return oidcTokenRecord{}, WithHint(
			fmt.Errorf("cached oidc token for %s is not valid: %w", startURL, ErrCorruptItem),
			"remove cached tokens with: vaultbar clear")
	}
	return rec, nil
}

func (rec oidcTokenRecord) token() OIDCToken {
	return OIDCToken{
		AccessToken:  oidcDeref(rec.Token.AccessToken),
		TokenType:    oidcDeref(rec.Token.TokenType),
		IDToken:      oidcDeref(rec.Token.IdToken),
		RefreshToken: oidcDeref(rec.Token.RefreshToken),
		ExpiresIn:    rec.Token.ExpiresIn,
		Expiration:   rec.Expiration,
	}
}

// SetOIDCToken caches tok for startURL, expiring ExpiresIn seconds from now, in aws-vault's
// format (without a client registration: see setSSORecord).
func (s *Store) SetOIDCToken(startURL string, tok OIDCToken) error {
	if startURL == "" || tok.AccessToken == "" {
		return fmt.Errorf("cache oidc token: start URL and access token are both required")
	}
	_, err := s.setSSORecord(startURL, tok, nil)
	return err
}

// OIDCStartURLs lists the start URLs with a cached token, in keyring order.
func (s *Store) OIDCStartURLs() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.oidcStartURLsLocked()
}

func (s *Store) oidcStartURLsLocked() ([]string, error) {
	keys, err := s.keysLocked()
	if err != nil {
		return nil, err
	}
	var urls []string
	for _, k := range keys {
		if u, ok := strings.CutPrefix(k, oidcKeyPrefix); ok {
			urls = append(urls, u)
		}
	}
	return urls, nil
}

// RemoveOIDCToken deletes the token for startURL; a missing token is ErrNotCached.
func (s *Store) RemoveOIDCToken(startURL string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	has, err := s.hasKeyLocked(oidcKey(startURL))
	if err != nil {
		return err
	}
	removed := false
	if has {
		if removed, err = s.removeLocked(oidcKey(startURL)); err != nil {
			return err
		}
	}
	if !removed {
		return notCachedOIDC(startURL)
	}
	return nil
}
