package app

import (
	"context"
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

// Without AWS_VAULT_FILE_PASSPHRASE the file keyring's passphrase is asked through the
// Passphrase effect, once for the whole process, and the keys stored with it are readable.
func TestFileKeyringAsksThePassphraseOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice() // stored with test-passphrase
	env := maps.Clone(w.env)
	delete(env, "AWS_VAULT_FILE_PASSPHRASE")
	var mu sync.Mutex
	var asked []vault.PassphraseRequest
	fx := w.rec.effects()
	fx.Passphrase = func(r vault.PassphraseRequest) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		asked = append(asked, r)
		return "test-passphrase", nil
	}
	a := New(Options{Env: env, Effects: fx})
	if a.Env()["AWS_VAULT_FILE_DIR"] != w.env["AWS_VAULT_FILE_DIR"] {
		t.Error("Env is not the environment the app was started with")
	}
	out, err := a.EnvText(context.Background(), Request{Profile: "alice", NoSession: true}, "env")
	if err != nil || !strings.Contains(out, aliceKeyID) {
		t.Fatalf("EnvText with an asked passphrase = %q, %v", out, err)
	}
	if _, err := a.Listing(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(asked) != 1 || asked[0].For != "alice" {
		t.Errorf("passphrase asked %+v, want once, for alice", asked)
	}
}

// A keyring that cannot be opened fails every use case that needs it with the reason, and
// the global flags override the environment's backend.
func TestUnopenableKeyring(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	a := New(Options{Env: w.env, Keyring: KeyringOverrides{Backend: "no-such-backend"}, Effects: w.rec.effects()})
	ctx := context.Background()
	check := func(name string, err error) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), "no-such-backend") {
			t.Errorf("%s with an unknown backend: %v, want an error naming it", name, err)
		}
	}
	_, err := a.Snapshot(ctx, nil)
	check("Snapshot", err)
	_, err = a.Listing()
	check("Listing", err)
	_, err = a.Profile("ghost", vault.Overrides{})
	check("Profile", err)
	_, err = a.AddCredentials("alice", aliceKeys(), AddOptions{})
	check("AddCredentials", err)
	_, err = a.RemoveCredentials("alice")
	check("RemoveCredentials", err)
	_, err = a.ClearSessions("alice")
	check("ClearSessions", err)
	_, err = a.ClearAll()
	check("ClearAll", err)
	_, _, err = a.Credentials(ctx, Request{Profile: "alice"})
	check("Credentials", err)
	_, _, err = a.StartServer(ctx, "alice", ECS)
	check("StartServer", err)
	_, err = a.ConsoleURL(ctx, ConsoleRequest{Request: Request{Profile: "alice"}})
	check("ConsoleURL", err)
}
