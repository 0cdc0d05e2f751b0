package vault

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/99designs/keyring"
)

// ssoClientReg is an OIDC client registration, kept until it expires (90 days at AWS) so
// that every sign-in does not register a new client, and so the refresh-token grant (which
// needs the client that got the token) works.
type ssoClientReg struct {
	ClientID     string
	ClientSecret string
	ExpiresAt    time.Time
	Region       string
	Scopes       []string
}

// ssoRecord is what Vaultbar keeps under oidc:<start URL>: aws-vault's record, plus the client
// registration in a field of its own. aws-vault decodes the item with encoding/json into its
// {Token, Expiration} struct, so the extra field is ignored there and the token is shared.
type ssoRecord struct {
	Token      OIDCToken
	Client     *ssoClientReg // nil when the item was written by aws-vault (or has none)
	Expiration time.Time
}

func (r *ssoRecord) usableClient(now time.Time, region string, scopes []string) bool {
	// A registration about to expire could run out in the middle of a sign-in.
	return r != nil && r.Client != nil && r.Client.ExpiresAt.Sub(now) > time.Hour &&
		r.Client.Region == region && slices.Equal(r.Client.Scopes, scopes)
}

// ssoRecord reads the item for startURL without judging its expiry: an expired access token
// still carries the refresh token and the client registration. (Store.OIDCToken deletes
// expired tokens, as aws-vault does.) A missing item is (nil, nil).
func (s *Store) ssoRecord(startURL string) (*ssoRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	item, err := s.getLocked(oidcKey(startURL))
	if isItemInFlux(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rec, err := decodeOIDCRecord(startURL, item.Data)
	if err != nil {
		return nil, err
	}
	return &ssoRecord{Token: rec.token(), Client: rec.VaultbarClient, Expiration: rec.Expiration}, nil
}

// setSSORecord writes tok (expiring ExpiresIn seconds from now) and the registration under
// oidc:<startURL>, in aws-vault's format.
func (s *Store) setSSORecord(startURL string, tok OIDCToken, client *ssoClientReg) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp := s.now().Round(0).Add(time.Duration(tok.ExpiresIn) * time.Second)
	data, err := json.Marshal(oidcTokenRecord{
		Token: oidcTokenOutput{
			AccessToken:  oidcNullable(tok.AccessToken),
			ExpiresIn:    tok.ExpiresIn,
			IdToken:      oidcNullable(tok.IDToken),
			RefreshToken: oidcNullable(tok.RefreshToken),
			TokenType:    oidcNullable(tok.TokenType),
		},
		Expiration:     exp,
		VaultbarClient: client,
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("cache oidc token for %s: encode: %w", startURL, err)
	}
	return exp, s.setLocked(keyring.Item{
		Key:         oidcKey(startURL),
		Data:        data,
		Label:       oidcLabel(startURL, exp),
		Description: oidcDescription,
	})
}

// dropSSOToken removes the cached token for startURL if it is still accessToken (another
// process may have replaced it meanwhile), keeping the client registration for the next sign-in.
func (s *Store) dropSSOToken(startURL, accessToken string) error {
	rec, err := s.ssoRecord(startURL)
	if err != nil || rec == nil || rec.Token.AccessToken != accessToken {
		return err
	}
	if rec.Client == nil {
		return s.RemoveOIDCToken(startURL)
	}
	// Written as already expired: aws-vault drops it on its next read, Vaultbar keeps the
	// registration and the refresh token (which may still be good). The access token must be
	// non-empty for the item to decode; it is a placeholder, never sent.
	tok := OIDCToken{AccessToken: "expired", TokenType: rec.Token.TokenType, RefreshToken: rec.Token.RefreshToken}
	_, err = s.setSSORecord(startURL, tok, rec.Client)
	return err
}
