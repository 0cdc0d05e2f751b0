//go:build linux

package vault

import (
	"strings"
	"testing"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/gsterjov/go-libsecret"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// The keyring library reads and removes a Secret Service item in two steps: search for it,
// then call the item found. Another process (vaultbar or aws-vault) may delete it in
// between. This replays that with the real gnome-keyring: find the item, delete it through
// the store, then make each call the library makes on the stale item. Every error must read
// as "item missing" (a cache miss, nothing to remove), not as a keyring that is down.
func TestE2ESecretServiceItemDeletedMeanwhileIsMissing(t *testing.T) {
	e2e.Require(t)
	kr, err := OpenKeyring(KeyringOptions{Backend: string(keyring.SecretServiceBackend)})
	if err != nil {
		t.Fatal(err)
	}
	store := NewStore(kr, nil)
	const profile = "vaultbar-test-deleted-meanwhile"
	if err := store.SetCredentials(profile, aws.Credentials{AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "secret"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.RemoveCredentials(profile) })

	svc, err := libsecret.NewService()
	if err != nil {
		t.Fatal(err)
	}
	session, err := svc.Open()
	if err != nil {
		t.Fatal(err)
	}
	collections, err := svc.Collections()
	if err != nil {
		t.Fatal(err)
	}
	var stale []libsecret.Item
	for _, c := range collections {
		if strings.HasSuffix(string(c.Path()), "/"+keyringDefaultCollection) {
			if stale, err = c.SearchItems(profile); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(stale) != 1 {
		t.Fatalf("found %d items for %s, want 1", len(stale), profile)
	}
	if err := store.RemoveCredentials(profile); err != nil {
		t.Fatal(err)
	}

	item := stale[0]
	calls := map[string]func() error{
		"Locked":    func() error { _, err := item.Locked(); return err },
		"GetSecret": func() error { _, err := item.GetSecret(session); return err },
		"Delete":    item.Delete,
	}
	for name, call := range calls {
		err := call()
		if err == nil {
			t.Fatalf("%s on a deleted item succeeded", name)
		}
		t.Logf("%s: %v", name, err)
		if !isKeyringItemMissing(err) {
			t.Errorf("%s on a deleted item: %v is not read as a missing item", name, err)
		}
		if h := Hint(classifyKeyringErr(err, "")); strings.Contains(h, "start") {
			t.Errorf("%s on a deleted item: hint %q blames the keyring service", name, h)
		}
	}
}
