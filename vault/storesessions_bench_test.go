package vault

import (
	"fmt"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/vaultbar/vaultbar/internal/fixture"
)

// BenchmarkSessionsList1000 measures what `list` reads from the keyring: the key names of
// 1,000 cached sessions and 100 long-term keys, classified and parsed (nothing decrypted).
func BenchmarkSessionsList1000(b *testing.B) {
	var items []keyring.Item
	exp := time.Date(2026, 11, 28, 20, 0, 0, 0, time.UTC)
	for i := range 1000 {
		k := SessionKey{Type: SessionTypeSessionToken, Profile: fixture.ProfileName(i * 5),
			MFASerial: fmt.Sprintf("arn:aws:iam::%d:mfa/user%d", 100000000000+i*5, i*5), Expiration: exp}
		items = append(items, keyring.Item{Key: k.String()})
	}
	for i := range 100 {
		items = append(items, keyring.Item{Key: fixture.ProfileName(i * 5)})
	}
	s := NewStore(keyring.NewArrayKeyring(items), storeTestClock)
	b.ReportAllocs()
	for b.Loop() {
		sessions, err := s.Sessions()
		if err != nil || len(sessions) != 1000 {
			b.Fatalf("got %d sessions, %v", len(sessions), err)
		}
		creds, err := s.CredentialProfiles()
		if err != nil || len(creds) != 100 {
			b.Fatalf("got %d credentials, %v", len(creds), err)
		}
	}
}
