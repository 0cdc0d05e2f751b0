package vault_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/vaultbar/vaultbar/vault"
)

// prompter answers the file keyring's passphrase prompts in turn and records them.
type prompter struct {
	mu      sync.Mutex
	answers []string // "" past the end is an error: errCancelled
	prompts []string
	fors    []string // PassphraseRequest.For of each prompt
}

var errCancelled = errors.New("prompt cancelled")

func (p *prompter) ask(r vault.PassphraseRequest) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.prompts, p.fors = append(p.prompts, r.Prompt), append(p.fors, r.For)
	if len(p.answers) == 0 {
		return "", errCancelled
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	return a, nil
}

// fileKeyringWithItem is a file keyring holding item "p" (written with filePass), opened
// again as the app opens it, with p answering the prompts.
func fileKeyringWithItem(t *testing.T, p *prompter) (keyring.Keyring, string) {
	t.Helper()
	dir := t.TempDir()
	ours, _ := openFileKeyrings(t, dir)
	must(t, ours.Set(keyring.Item{Key: "p", Data: []byte("secret")}))
	kr, err := vault.OpenKeyring(vault.KeyringOptions{Backend: string(keyring.FileBackend), FileDir: dir, FilePassphrase: p.ask})
	must(t, err)
	return kr, dir
}

// A wrong passphrase is asked again, saying it was wrong, and the right one then opens the
// item, within one read.
func TestFilePassphraseWrongIsAskedAgain(t *testing.T) {
	t.Parallel()
	p := &prompter{answers: []string{"typo", filePass}}
	kr, _ := fileKeyringWithItem(t, p)
	item, err := kr.Get("p")
	if err != nil || string(item.Data) != "secret" {
		t.Fatalf("Get after a typo and the right passphrase = %q, %v", item.Data, err)
	}
	if len(p.prompts) != 2 || strings.Contains(p.prompts[0], "wrong") || !strings.HasPrefix(p.prompts[1], "That passphrase was wrong. ") {
		t.Errorf("prompts %q, want a second one saying the first was wrong", p.prompts)
	}
	if _, err := kr.Get("p"); err != nil || len(p.prompts) != 2 {
		t.Errorf("a later read: %v after %d prompts; want the right passphrase kept", err, len(p.prompts))
	}
}

// Three wrong answers fail the read as a wrong passphrase, and none is kept: the next read
// asks again and works. A cancelled prompt keeps nothing either.
func TestFilePassphraseWrongIsNeverKept(t *testing.T) {
	t.Parallel()
	p := &prompter{answers: []string{"a", "b", "c"}}
	kr, _ := fileKeyringWithItem(t, p)
	store := vault.NewStore(kr, nil)
	_, err := store.Credentials("p")
	if !errors.Is(err, vault.ErrKeyringLocked) || !strings.Contains(vault.Hint(err), "wrong passphrase") || len(p.prompts) != 3 {
		t.Fatalf("three wrong passphrases: %v (hint %q) after %d prompts; want a wrong passphrase after 3", err, vault.Hint(err), len(p.prompts))
	}
	if _, err := kr.Get("p"); !errors.Is(err, errCancelled) || len(p.prompts) != 4 {
		t.Errorf("the next read: %v after %d prompts; want it to ask again, and the cancel returned", err, len(p.prompts))
	}
	p.answers = []string{filePass}
	if item, err := kr.Get("p"); err != nil || string(item.Data) != "secret" || len(p.prompts) != 5 {
		t.Errorf("after the cancel: %q, %v after %d prompts; want it asked once more and read", item.Data, err, len(p.prompts))
	}
}

// A write checks the passphrase against the items already there: a typo is asked again
// instead of encrypting an item the keyring's passphrase cannot open.
func TestFilePassphraseWrongNeverWrites(t *testing.T) {
	t.Parallel()
	p := &prompter{answers: []string{"typo", filePass}}
	kr, dir := fileKeyringWithItem(t, p)
	must(t, kr.Set(keyring.Item{Key: "q", Data: []byte("new")}))
	if len(p.prompts) != 2 || !slices.Equal(p.fors, []string{"q", "q"}) {
		t.Errorf("prompts %q for %q, want the typo asked again, for q", p.prompts, p.fors)
	}
	fresh, err := vault.OpenKeyring(vault.KeyringOptions{Backend: string(keyring.FileBackend), FileDir: dir,
		FilePassphrase: func(vault.PassphraseRequest) (string, error) { return filePass, nil }})
	must(t, err)
	if item, err := fresh.Get("q"); err != nil || string(item.Data) != "new" {
		t.Errorf("the written item with the keyring's passphrase: %q, %v", item.Data, err)
	}
}

// The prompt says whose item it opens, so a dialog can name why it asks: a profile for its
// keys or a session of it, IAM Identity Center for a sign-in's token.
func TestFilePassphraseSaysWhatFor(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ours, _ := openFileKeyrings(t, dir)
	session := vault.SessionKey{Type: "sts.GetSessionToken", Profile: "bob", Expiration: time.Now().Add(time.Hour)}.String()
	for key, want := range map[string]string{"alice": "alice", session: "bob", "oidc:https://example.awsapps.com/start": "IAM Identity Center"} {
		must(t, ours.Set(keyring.Item{Key: key, Data: []byte("x")}))
		p := &prompter{answers: []string{filePass}}
		kr, err := vault.OpenKeyring(vault.KeyringOptions{Backend: string(keyring.FileBackend), FileDir: dir, FilePassphrase: p.ask})
		must(t, err)
		if _, err := kr.Get(key); err != nil || !slices.Equal(p.fors, []string{want}) {
			t.Errorf("Get(%s): %v, asked for %q; want one prompt for %s", key, err, p.fors, want)
		}
	}
}
