package vault

import (
	"testing"
	"time"
)

func TestSessionKey_string_matches_aws_vault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		key  SessionKey
		want string
	}{
		{"session_token_with_mfa", SessionKey{SessionTypeSessionToken, "my-prof", "arn:aws:iam::111111111111:mfa/jon", time.Unix(1795874053, 0)},
			"sts.GetSessionToken,bXktcHJvZg,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9u,1795874053"},
		{"no_mfa_is_empty_field", SessionKey{SessionTypeSessionToken, "base", "", time.Unix(1795863278, 0)},
			"sts.GetSessionToken,YmFzZQ,,1795863278"},
		{"url_alphabet_no_padding", SessionKey{SessionTypeSSO, "p?>", "https://x/start", time.Unix(5, 0)},
			"sso.GetRoleCredentials,cD8-,aHR0cHM6Ly94L3N0YXJ0,5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.key.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			back, err := ParseSessionKey(tt.want)
			if err != nil {
				t.Fatalf("ParseSessionKey: %v", err)
			}
			if back.Type != tt.key.Type || back.Profile != tt.key.Profile || back.MFASerial != tt.key.MFASerial ||
				!back.Expiration.Equal(tt.key.Expiration) {
				t.Errorf("ParseSessionKey = %+v, want %+v", back, tt.key)
			}
		})
	}
}

func TestParse_session_key_rejects(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"", "my-prof", "oidc:https://x", "a,b,c", "a,YmFzZQ,,12x", "a,YmFzZQ,,-1", ",YmFzZQ,,1",
		"a,,,1", "a,YmFzZQ,,1,2", "a,Ym$FzZQ,,1", "a,YmFzZQ,!!,1", "a,YmFzZQ==,,1",
		"a,\n,,1", "a,YmFzZQ,,99999999999999999999",
	} {
		if _, err := ParseSessionKey(s); err == nil {
			t.Errorf("ParseSessionKey(%q) accepted", s)
		}
		if IsSessionKey(s) {
			t.Errorf("IsSessionKey(%q) = true", s)
		}
	}
}

func TestLegacy_session_keys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key    string
		legacy bool
	}{
		{"session,my-prof,arn,1500000000", true},
		{"session,my-prof,,12", true},
		{"session:my-prof:arn:aws:iam::1:mfa/x:1500000000", true},
		{"my-prof session (1500000000)", true},
		{"my prof session (12)", true},
		{"session,my-prof,,1", false}, // one digit: only the current pattern matches
		{"sts.GetSessionToken,YmFzZQ,,1795863278", false},
		{"my-prof", false},
		{"oidc:https://corp.awsapps.com/start", false},
	}
	for _, tt := range tests {
		if got := IsLegacySessionKey(tt.key); got != tt.legacy {
			t.Errorf("IsLegacySessionKey(%q) = %v, want %v", tt.key, got, tt.legacy)
		}
	}
}
