package vault

import (
	"slices"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// storeTestNow is the fixed clock of the store tests.
var storeTestNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// storeTestSecret is a fake secret that must never appear in an error string.
const storeTestSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRET"

func storeTestClock() time.Time { return storeTestNow }

func newStoreTestArray(t *testing.T, items ...keyring.Item) (*Store, *keyring.ArrayKeyring) {
	t.Helper()
	kr := keyring.NewArrayKeyring(items)
	return NewStore(kr, storeTestClock), kr
}

func storeTestSession(exp time.Time) types.Credentials {
	return types.Credentials{
		AccessKeyId:     aws.String("ASIAEXAMPLE"),
		SecretAccessKey: aws.String(storeTestSecret),
		SessionToken:    aws.String("token"),
		Expiration:      aws.Time(exp),
	}
}

func storeTestKeys(t *testing.T, kr keyring.Keyring) []string {
	t.Helper()
	keys, err := kr.Keys()
	if err != nil {
		t.Fatalf("Keys: %v", err)
	}
	slices.Sort(keys)
	return keys
}

func storeTestItem(t *testing.T, kr keyring.Keyring, key string) keyring.Item {
	t.Helper()
	it, err := kr.Get(key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	return it
}
