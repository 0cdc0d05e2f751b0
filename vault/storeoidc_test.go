package vault

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"
)

func TestSet_oidc_token_writes_aws_vault_item(t *testing.T) {
	t.Parallel()
	s, kr := newStoreTestArray(t)
	url := "https://corp.awsapps.com/start"
	tests := []struct {
		name string
		tok  OIDCToken
		want string
	}{
		{"absent_tokens_are_null", OIDCToken{AccessToken: storeTestSecret, TokenType: "Bearer", ExpiresIn: 28800},
			`{"Token":{"AccessToken":"` + storeTestSecret + `","ExpiresIn":28800,"IdToken":null,"RefreshToken":null,` +
				`"TokenType":"Bearer","ResultMetadata":{}},"Expiration":"2026-11-28T20:00:00Z"}`},
		{"present_tokens", OIDCToken{AccessToken: "a", TokenType: "Bearer", IDToken: "i", RefreshToken: "r", ExpiresIn: 60},
			`{"Token":{"AccessToken":"a","ExpiresIn":60,"IdToken":"i","RefreshToken":"r",` +
				`"TokenType":"Bearer","ResultMetadata":{}},"Expiration":"2026-11-28T12:01:00Z"}`},
	}
	for _, tt := range tests {
		if err := s.SetOIDCToken(url, tt.tok); err != nil {
			t.Fatal(err)
		}
		it := storeTestItem(t, kr, "oidc:"+url)
		if string(it.Data) != tt.want {
			t.Errorf("%s: Data = %s\nwant %s", tt.name, it.Data, tt.want)
		}
		exp := storeTestNow.Add(time.Duration(tt.tok.ExpiresIn) * time.Second).Format(time.RFC3339)
		if it.Label != "aws-vault oidc token for "+url+" (expires "+exp+")" ||
			it.Description != "aws-vault oidc token" || it.KeychainNotTrustApplication {
			t.Errorf("%s: item metadata = %+v", tt.name, it)
		}
	}
}

func TestOIDC_token_read_recomputes_expires_in(t *testing.T) {
	t.Parallel()
	clock := storeTestNow
	kr := keyring.NewArrayKeyring(nil)
	s := NewStore(kr, func() time.Time { return clock })
	if err := s.SetOIDCToken("https://x", OIDCToken{AccessToken: "a", TokenType: "Bearer", RefreshToken: "r", ExpiresIn: 3600}); err != nil {
		t.Fatal(err)
	}
	clock = storeTestNow.Add(1000 * time.Second)
	tok, err := s.OIDCToken("https://x")
	if err != nil {
		t.Fatal(err)
	}
	want := OIDCToken{AccessToken: "a", TokenType: "Bearer", RefreshToken: "r", ExpiresIn: 2600,
		Expiration: storeTestNow.Add(time.Hour)}
	if tok.AccessToken != want.AccessToken || tok.TokenType != want.TokenType || tok.IDToken != "" ||
		tok.RefreshToken != want.RefreshToken || tok.ExpiresIn != want.ExpiresIn || !tok.Expiration.Equal(want.Expiration) {
		t.Errorf("OIDCToken = %+v, want %+v", tok, want)
	}
	clock = storeTestNow.Add(time.Hour + time.Second)
	if _, err := s.OIDCToken("https://x"); !errors.Is(err, ErrNotCached) {
		t.Fatalf("expired token: %v, want ErrNotCached", err)
	}
	if keys := storeTestKeys(t, kr); len(keys) != 0 {
		t.Errorf("expired token not removed: %q", keys)
	}
}

func TestOIDC_token_errors_and_listing(t *testing.T) {
	t.Parallel()
	s, _ := newStoreTestArray(t,
		keyring.Item{Key: "oidc:https://bad", Data: []byte(`{"Token":{"AccessToken":"` + storeTestSecret)},
		keyring.Item{Key: "oidc:https://old", Data: []byte(`{"Token":{"AccessToken":"a","ExpiresIn":1},"Expiration":"2020-01-01T00:00:00+01:00"}`)},
		keyring.Item{Key: "p"},
	)
	_, err := s.OIDCToken("https://bad")
	if !errors.Is(err, ErrCorruptItem) || !strings.Contains(err.Error(), "https://bad") || strings.Contains(err.Error(), storeTestSecret) {
		t.Errorf("corrupt token: %v", err)
	}
	if _, err := s.OIDCToken("https://none"); !errors.Is(err, ErrNotCached) {
		t.Errorf("missing token: %v, want ErrNotCached", err)
	}
	urls, err := s.OIDCStartURLs()
	slices.Sort(urls)
	if err != nil || !slices.Equal(urls, []string{"https://bad", "https://old"}) {
		t.Errorf("OIDCStartURLs = %q, %v", urls, err)
	}
	if err := s.RemoveOIDCToken("https://bad"); err != nil {
		t.Errorf("RemoveOIDCToken: %v", err)
	}
	if err := s.RemoveOIDCToken("https://bad"); !errors.Is(err, ErrNotCached) {
		t.Errorf("second RemoveOIDCToken: %v, want ErrNotCached", err)
	}
}
