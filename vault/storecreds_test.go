package vault

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestSet_credentials_writes_aws_vault_item(t *testing.T) {
	t.Parallel()
	s, kr := newStoreTestArray(t)
	err := s.SetCredentials("my-prof", aws.Credentials{
		AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: storeTestSecret, SessionToken: "dropped", AccountID: "111111111111",
	})
	if err != nil {
		t.Fatal(err)
	}
	it := storeTestItem(t, kr, "my-prof")
	want := `{"AccessKeyID":"AKIAEXAMPLE","SecretAccessKey":"` + storeTestSecret +
		`","SessionToken":"","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z"}`
	if string(it.Data) != want {
		t.Errorf("Data = %s\nwant   %s", it.Data, want)
	}
	if it.Label != "aws-vault (my-prof)" || it.Description != "" || !it.KeychainNotTrustApplication || it.KeychainNotSynchronizable {
		t.Errorf("item metadata = %+v", it)
	}
}

func TestCredentials_round_trip_and_unknown_fields(t *testing.T) {
	t.Parallel()
	newer := `{"AccessKeyID":"AKIA2","SecretAccessKey":"s2","SessionToken":"","Source":"","CanExpire":false,` +
		`"Expires":"0001-01-01T00:00:00Z","AccountID":"123"}`
	s, _ := newStoreTestArray(t, keyring.Item{Key: "newer", Data: []byte(newer)})
	if err := s.SetCredentials("p", aws.Credentials{AccessKeyID: "AKIA1", SecretAccessKey: "s1"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ profile, id, secret string }{{"p", "AKIA1", "s1"}, {"newer", "AKIA2", "s2"}}
	for _, tt := range tests {
		c, err := s.Credentials(tt.profile)
		if err != nil {
			t.Fatalf("Credentials(%q): %v", tt.profile, err)
		}
		if c.AccessKeyID != tt.id || c.SecretAccessKey != tt.secret || c.SessionToken != "" || c.CanExpire {
			t.Errorf("Credentials(%q) = %+v", tt.profile, c)
		}
	}
}

func TestCredentials_errors(t *testing.T) {
	t.Parallel()
	s, _ := newStoreTestArray(t,
		keyring.Item{Key: "broken", Data: []byte(`{"AccessKeyID":"AKIA","SecretAccessKey":"` + storeTestSecret)},
		keyring.Item{Key: "empty", Data: []byte(`{"AccessKeyID":"","SecretAccessKey":"` + storeTestSecret + `"}`)},
		keyring.Item{Key: "notjson", Data: []byte(storeTestSecret)},
	)
	tests := []struct {
		name, profile string
		want          error
		hint          string
	}{
		{"missing_is_no_credentials", "nope", ErrNoCredentials, "vaultbar add nope"},
		{"truncated_json_is_corrupt", "broken", ErrCorruptItem, "vaultbar add broken"},
		{"empty_key_is_corrupt", "empty", ErrCorruptItem, "vaultbar add empty"},
		{"not_json_is_corrupt", "notjson", ErrCorruptItem, "vaultbar add notjson"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := s.Credentials(tt.profile)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), `"`+tt.profile+`"`) {
				t.Errorf("error %q does not name the profile", err)
			}
			if strings.Contains(err.Error(), storeTestSecret) || strings.Contains(err.Error(), "wJalr") {
				t.Errorf("error leaks the secret: %q", err)
			}
			if !strings.Contains(Hint(err), tt.hint) {
				t.Errorf("hint = %q, want it to contain %q", Hint(err), tt.hint)
			}
		})
	}
}

func TestCredential_profiles_by_elimination(t *testing.T) {
	t.Parallel()
	s, _ := newStoreTestArray(t,
		keyring.Item{Key: "my-prof"},
		keyring.Item{Key: "stray.lock"}, // foreign items count as credentials, as in aws-vault
		keyring.Item{Key: "sts.GetSessionToken,YmFzZQ,,1795863278"},
		keyring.Item{Key: "session:old:arn:1500000000"},
		keyring.Item{Key: "base session (1500000000)"},
		keyring.Item{Key: "oidc:https://corp.awsapps.com/start"},
		keyring.Item{Key: "bad,b64$,,1"}, // not parseable as a session key: a credential for aws-vault too
	)
	got, err := s.CredentialProfiles()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if want := []string{"bad,b64$,,1", "my-prof", "stray.lock"}; !slices.Equal(got, want) {
		t.Errorf("CredentialProfiles = %q, want %q", got, want)
	}
	for profile, want := range map[string]bool{"my-prof": true, "nope": false} {
		if has, err := s.HasCredentials(profile); err != nil || has != want {
			t.Errorf("HasCredentials(%q) = %v, %v", profile, has, err)
		}
	}
}

func TestSet_credentials_rejects(t *testing.T) {
	t.Parallel()
	s, kr := newStoreTestArray(t)
	tests := []struct {
		name, profile string
		creds         aws.Credentials
	}{
		{"empty_profile", "", aws.Credentials{AccessKeyID: "A", SecretAccessKey: storeTestSecret}},
		{"oidc_like_profile", "oidc:x", aws.Credentials{AccessKeyID: "A", SecretAccessKey: storeTestSecret}},
		{"session_like_profile", "a,YQ,,1", aws.Credentials{AccessKeyID: "A", SecretAccessKey: storeTestSecret}},
		{"missing_secret", "p", aws.Credentials{AccessKeyID: "A"}},
	}
	for _, tt := range tests {
		err := s.SetCredentials(tt.profile, tt.creds)
		if err == nil {
			t.Errorf("%s: accepted", tt.name)
		} else if strings.Contains(err.Error(), storeTestSecret) {
			t.Errorf("%s: error leaks the secret: %q", tt.name, err)
		}
	}
	if keys := storeTestKeys(t, kr); len(keys) != 0 {
		t.Errorf("items written: %q", keys)
	}
}

func TestRemove_credentials_keeps_sessions(t *testing.T) {
	t.Parallel()
	s, kr := newStoreTestArray(t)
	if err := s.SetCredentials("p", aws.Credentials{AccessKeyID: "A", SecretAccessKey: "S"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSession(SessionTypeSessionToken, "p", "", storeTestSession(storeTestNow.Add(1e12))); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveCredentials("p"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveCredentials("p"); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("second remove: %v, want ErrNoCredentials", err)
	}
	if keys := storeTestKeys(t, kr); len(keys) != 1 || !IsSessionKey(keys[0]) {
		t.Errorf("keys after remove = %q, want the session only", keys)
	}
}
