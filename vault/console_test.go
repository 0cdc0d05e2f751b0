package vault_test

import (
	"context"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

// Console credentials: roles as they are (and whether assumed with long-term keys, which
// decides SessionDuration), IAM users through GetFederationToken, never a GetSessionToken
// session for the requested profile.
func TestConsoleCredentials(t *testing.T) {
	t.Parallel()
	tests := []struct {
		profile string
		kind    vault.ConsoleKind
		actions []string
	}{
		{"alice", vault.ConsoleFederation, []string{"GetCallerIdentity", "GetFederationToken"}},
		{"admin", vault.ConsoleRoleFromSession, []string{"GetSessionToken", "AssumeRole"}},
		{"admin-long", vault.ConsoleRoleFromKeys, []string{"AssumeRole"}},
		{"reader", vault.ConsoleRoleFromKeys, []string{"AssumeRole"}},
		{"deploy", vault.ConsoleRoleFromSession, []string{"GetSessionToken", "AssumeRole", "AssumeRole"}},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			t.Parallel()
			r := newRig(t)
			c, err := r.v.ConsoleCredentials(context.Background(), r.profile(tt.profile, vault.Overrides{}), vault.CredentialOptions{})
			must(t, err)
			if c.Kind != tt.kind || c.Credentials.SessionToken == "" {
				t.Errorf("kind = %d with token %t, want %d with a token", c.Kind, c.Credentials.SessionToken != "", tt.kind)
			}
			var got []string
			for _, call := range r.fake.STS.Calls() {
				got = append(got, call.Action)
			}
			if len(got) != len(tt.actions) {
				t.Fatalf("STS calls = %v, want %v", got, tt.actions)
			}
			for i := range got {
				if got[i] != tt.actions[i] {
					t.Errorf("STS calls = %v, want %v", got, tt.actions)
				}
			}
		})
	}
}
