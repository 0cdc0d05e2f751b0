package vault

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

func TestSet_session_writes_aws_vault_item(t *testing.T) {
	t.Parallel()
	s, kr := newStoreTestArray(t)
	exp := time.Date(2026, 11, 28, 13, 0, 0, 0, time.UTC)
	mfa := "arn:aws:iam::111111111111:mfa/jon"
	if err := s.SetSession(SessionTypeSessionToken, "my-prof", mfa, storeTestSession(exp)); err != nil {
		t.Fatal(err)
	}
	key := "sts.GetSessionToken,bXktcHJvZg,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9u," +
		"1795870800"
	it := storeTestItem(t, kr, key)
	want := `{"AccessKeyId":"ASIAEXAMPLE","Expiration":"2026-11-28T13:00:00Z","SecretAccessKey":"` +
		storeTestSecret + `","SessionToken":"token"}`
	if string(it.Data) != want {
		t.Errorf("Data = %s\nwant   %s", it.Data, want)
	}
	if it.Label != "aws-vault session for my-prof (expires 2026-11-28T13:00:00Z)" ||
		it.Description != "aws-vault session" || it.KeychainNotTrustApplication {
		t.Errorf("item metadata = %+v", it)
	}
}

func TestSession_prefix_lookup_ignores_expiry(t *testing.T) {
	t.Parallel()
	s, kr := newStoreTestArray(t)
	exp := storeTestNow.Add(2 * time.Hour)
	data := `{"AccessKeyId":"ASIA1","Expiration":"` + exp.Format(time.RFC3339) + `","SecretAccessKey":"s","SessionToken":"t"}`
	// Written by "another tool" with an expiry we cannot guess.
	_ = kr.Set(keyring.Item{Key: SessionKey{SessionTypeAssumeRole, "role", "arn:mfa", exp}.String(), Data: []byte(data)})
	c, err := s.Session(SessionTypeAssumeRole, "role", "arn:mfa")
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(c.AccessKeyId) != "ASIA1" || !c.Expiration.Equal(exp) {
		t.Errorf("Session = %+v", c)
	}
	for _, other := range [][2]string{{"role", ""}, {"rol", "arn:mfa"}} {
		if _, err := s.Session(SessionTypeAssumeRole, other[0], other[1]); !errors.Is(err, ErrNotCached) {
			t.Errorf("Session(%q, %q) = %v, want ErrNotCached", other[0], other[1], err)
		}
	}
}

func TestSet_session_replaces_older_expiry(t *testing.T) {
	t.Parallel()
	s, kr := newStoreTestArray(t)
	first, second := storeTestNow.Add(time.Hour), storeTestNow.Add(8*time.Hour)
	for _, exp := range []time.Time{first, second} {
		if err := s.SetSession(SessionTypeSessionToken, "p", "", storeTestSession(exp)); err != nil {
			t.Fatal(err)
		}
	}
	// A different MFA serial is a different session and stays.
	if err := s.SetSession(SessionTypeSessionToken, "p", "arn", storeTestSession(first)); err != nil {
		t.Fatal(err)
	}
	want := []string{
		SessionKey{SessionTypeSessionToken, "p", "", second}.String(),
		SessionKey{SessionTypeSessionToken, "p", "arn", first}.String(),
	}
	slices.Sort(want)
	if got := storeTestKeys(t, kr); !slices.Equal(got, want) {
		t.Errorf("keys = %q, want %q", got, want)
	}
}

func TestSession_get_removes_expired_and_legacy(t *testing.T) {
	t.Parallel()
	expired := SessionKey{SessionTypeSessionToken, "p", "", storeTestNow.Add(-time.Second)}.String()
	valid := SessionKey{SessionTypeSessionToken, "q", "", storeTestNow.Add(time.Hour)}.String()
	s, kr := newStoreTestArray(t,
		keyring.Item{Key: expired, Data: []byte("not even decrypted")},
		keyring.Item{Key: valid, Data: []byte(`{"AccessKeyId":"A","Expiration":"2026-11-28T13:00:00Z","SecretAccessKey":"s","SessionToken":"t"}`)},
		keyring.Item{Key: "session,p,,1500000000"},
		keyring.Item{Key: "session:p:arn:1500000000"},
		keyring.Item{Key: "p session (1500000000)"},
		keyring.Item{Key: "p"},
		keyring.Item{Key: "oidc:https://x"},
	)
	if _, err := s.Session(SessionTypeSessionToken, "p", ""); !errors.Is(err, ErrNotCached) {
		t.Fatalf("expired session: %v, want ErrNotCached", err)
	}
	want := []string{"oidc:https://x", "p", valid}
	slices.Sort(want)
	if got := storeTestKeys(t, kr); !slices.Equal(got, want) {
		t.Errorf("keys = %q, want %q", got, want)
	}
}

func TestSession_corrupt_item(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, data string }{
		{"not_json", storeTestSecret},
		{"truncated", `{"AccessKeyId":"A","SecretAccessKey":"` + storeTestSecret},
		{"missing_token", `{"AccessKeyId":"A","Expiration":"2026-11-28T13:00:00Z","SecretAccessKey":"` + storeTestSecret + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			key := SessionKey{SessionTypeSSO, "sso1", "https://x", storeTestNow.Add(time.Hour)}.String()
			s, _ := newStoreTestArray(t, keyring.Item{Key: key, Data: []byte(tt.data)})
			_, err := s.Session(SessionTypeSSO, "sso1", "https://x")
			if !errors.Is(err, ErrCorruptItem) {
				t.Fatalf("err = %v, want ErrCorruptItem", err)
			}
			if !strings.Contains(err.Error(), `"sso1"`) || !strings.Contains(err.Error(), SessionTypeSSO) {
				t.Errorf("error %q does not name the item", err)
			}
			if strings.Contains(err.Error(), storeTestSecret) {
				t.Errorf("error leaks the secret: %q", err)
			}
			if Hint(err) != "remove cached sessions with: vaultbar clear sso1" {
				t.Errorf("hint = %q", Hint(err))
			}
		})
	}
}

func TestSet_session_needs_expiration_and_valid_key(t *testing.T) {
	t.Parallel()
	s, kr := newStoreTestArray(t)
	valid := storeTestSession(storeTestNow.Add(time.Hour))
	noExp := valid
	noExp.Expiration = nil
	tests := []struct {
		name, typ, profile string
		creds              types.Credentials
	}{
		{"no_expiration", SessionTypeSessionToken, "p", noExp},
		{"comma_in_type", "a,b", "p", valid},
		{"empty_type", "", "p", valid},
		{"empty_profile", SessionTypeSessionToken, "", valid},
	}
	for _, tt := range tests {
		err := s.SetSession(tt.typ, tt.profile, "", tt.creds)
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

func TestRemove_sessions_and_clear_all(t *testing.T) {
	t.Parallel()
	later := storeTestNow.Add(time.Hour)
	s, kr := newStoreTestArray(t,
		keyring.Item{Key: "p"},
		keyring.Item{Key: SessionKey{SessionTypeSessionToken, "p", "", later}.String()},
		keyring.Item{Key: SessionKey{SessionTypeAssumeRole, "p", "arn", later}.String()},
		keyring.Item{Key: SessionKey{SessionTypeSSO, "q", "https://x", later}.String()},
		keyring.Item{Key: SessionKey{SessionTypeSSO, "q", "https://y", storeTestNow.Add(-time.Hour)}.String()},
		keyring.Item{Key: "sts.AssumeRole,cA,,0001795870800"}, // not canonical: removed by its raw name
		keyring.Item{Key: "session:p:arn:1500000000"},
		keyring.Item{Key: "oidc:https://x"},
	)
	n, err := s.RemoveSessions("p")
	if err != nil || n != 3 {
		t.Fatalf("RemoveSessions(p) = %d, %v, want 3", n, err)
	}
	sessions, err := s.Sessions()
	if err != nil || len(sessions) != 2 {
		t.Fatalf("Sessions = %+v, %v, want the two of q", sessions, err)
	}
	n, err = s.ClearAll()
	// legacy + expired (2), then the remaining q session (1), then the token (1)
	if err != nil || n != 4 {
		t.Fatalf("ClearAll = %d, %v, want 4", n, err)
	}
	if got := storeTestKeys(t, kr); !slices.Equal(got, []string{"p"}) {
		t.Errorf("keys after ClearAll = %q, want only the credentials", got)
	}
}

func TestRemove_old_sessions_reads_names_only(t *testing.T) {
	t.Parallel()
	// Items with unreadable data: RemoveOldSessions must not need it.
	s, kr := newStoreTestArray(t,
		keyring.Item{Key: SessionKey{SessionTypeSessionToken, "p", "", storeTestNow.Add(-time.Minute)}.String()},
		keyring.Item{Key: SessionKey{SessionTypeSessionToken, "q", "", storeTestNow}.String()}, // not yet after
		keyring.Item{Key: "p session (12)"},
	)
	n, err := s.RemoveOldSessions()
	if err != nil || n != 2 {
		t.Fatalf("RemoveOldSessions = %d, %v, want 2", n, err)
	}
	if got := storeTestKeys(t, kr); len(got) != 1 || !strings.HasPrefix(got[0], "sts.GetSessionToken,cQ,") {
		t.Errorf("keys = %q", got)
	}
}
