package vault_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"
	jose "github.com/dvsekhvalnov/jose2go"

	"github.com/vaultbar/vaultbar/vault"
)

const filePass = "unit-passphrase"

// openFileKeyrings opens dir twice: as Vaultbar does, and with the keyring library alone,
// which is what aws-vault v7.2.0 runs.
func openFileKeyrings(t *testing.T, dir string) (ours, library keyring.Keyring) {
	t.Helper()
	ours, err := vault.OpenKeyring(vault.KeyringOptions{Backend: string(keyring.FileBackend), FileDir: dir,
		FilePassphrase: func(vault.PassphraseRequest) (string, error) { return filePass, nil }})
	must(t, err)
	library, err = keyring.Open(keyring.Config{AllowedBackends: []keyring.BackendType{keyring.FileBackend},
		ServiceName: "aws-vault", FileDir: dir, FilePasswordFunc: keyring.FixedStringPrompt(filePass)})
	must(t, err)
	return ours, library
}

// Items Vaultbar writes are read by the library's file backend and the other way round.
func TestFileKeyringFormatIsTheLibrarys(t *testing.T) {
	t.Parallel()
	ours, library := openFileKeyrings(t, t.TempDir())
	mine := keyring.Item{Key: "a/b %41 c", Data: []byte(`{"x":1}`), Label: "aws-vault (a)", KeychainNotTrustApplication: true}
	theirs := keyring.Item{Key: "theirs", Data: []byte(`{"y":2}`), Label: "aws-vault (theirs)", Description: "d"}
	must(t, ours.Set(mine))
	must(t, library.Set(theirs))
	for _, c := range []struct {
		kr   keyring.Keyring
		want keyring.Item
	}{{library, mine}, {ours, theirs}, {ours, mine}} {
		got, err := c.kr.Get(c.want.Key)
		must(t, err)
		if got.Key != c.want.Key || string(got.Data) != string(c.want.Data) || got.Label != c.want.Label ||
			got.Description != c.want.Description || got.KeychainNotTrustApplication != c.want.KeychainNotTrustApplication {
			t.Errorf("read back %+v, want %+v", got, c.want)
		}
	}
	for _, kr := range []keyring.Keyring{ours, library} {
		keys, err := kr.Keys()
		must(t, err)
		if len(keys) != 2 {
			t.Errorf("keys = %q, want the two items", keys)
		}
	}
}

// An item is never rewritten in place: a reader that opened it before a write still reads
// the whole old item, so no reader can see it empty or half written.
func TestFileKeyringReplacesItemsAtomically(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ours, _ := openFileKeyrings(t, dir)
	must(t, ours.Set(keyring.Item{Key: "p", Data: []byte("old")}))
	before, err := os.ReadFile(filepath.Join(dir, "p"))
	must(t, err)
	f, err := os.Open(filepath.Join(dir, "p"))
	must(t, err)
	defer f.Close()
	must(t, ours.Set(keyring.Item{Key: "p", Data: []byte("new")}))
	during, err := io.ReadAll(f)
	must(t, err)
	if string(during) != string(before) {
		t.Errorf("the open item changed under its reader: %d bytes, was %d", len(during), len(before))
	}
	st, err := os.Stat(filepath.Join(dir, "p"))
	must(t, err)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("item mode %o, want 600", st.Mode().Perm())
	}
	if got, err := ours.Get("p"); err != nil || string(got.Data) != "new" {
		t.Errorf("after the write: %q, %v", got.Data, err)
	}
}

// A session or token whose file is empty or cut short (the aws-vault CLI writes in place) is
// a cache miss; long-term keys in that state are one error that says what happened, with a
// hint, and never jose2go's message.
func TestFileKeyringItemBeingWritten(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ours, _ := openFileKeyrings(t, dir)
	store := vault.NewStore(ours, nil)
	must(t, store.SetCredentials("p", aws.Credentials{AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "s"}))
	key := vault.SessionKey{Type: vault.SessionTypeSessionToken, Profile: "p", Expiration: time.Now().Add(time.Hour)}
	full, err := os.ReadFile(filepath.Join(dir, "p"))
	must(t, err)
	for name, content := range map[string][]byte{"empty": nil, "cut": full[:len(full)/2], "cut_in_tag": full[:len(full)-3]} {
		must(t, os.WriteFile(filepath.Join(dir, key.String()), content, 0o600))
		if _, err := store.Session(key.Type, "p", ""); !errors.Is(err, vault.ErrNotCached) {
			t.Errorf("%s session item: %v, want a cache miss", name, err)
		}
		must(t, os.WriteFile(filepath.Join(dir, "p"), content, 0o600))
		_, err := store.Credentials("p")
		want := `keyring item "p" is damaged or was being written`
		if err == nil || err.Error() != want || !errors.Is(err, vault.ErrCorruptItem) || vault.Hint(err) == "" {
			t.Errorf("%s keys item: %v (hint %q), want %q with a hint", name, err, vault.Hint(err), want)
		}
	}
}

// Keys never lists a write in progress, and clears what a crashed writer left.
func TestFileKeyringKeysSkipsTemporaryFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ours, _ := openFileKeyrings(t, dir)
	must(t, ours.Set(keyring.Item{Key: "p", Data: []byte("x")}))
	fresh, stale := filepath.Join(dir, ".%vaultbar-tmp-1"), filepath.Join(dir, ".%vaultbar-tmp-2")
	must(t, os.WriteFile(fresh, nil, 0o600))
	must(t, os.WriteFile(stale, nil, 0o600))
	old := time.Now().Add(-time.Hour)
	must(t, os.Chtimes(stale, old, old))
	keys, err := ours.Keys()
	must(t, err)
	if len(keys) != 1 || keys[0] != "p" {
		t.Errorf("keys = %q, want only p", keys)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a write in progress was removed: %v", err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a crashed writer's file was kept: %v", err)
	}
}

// An item planted with a huge PBKDF2 count (CVE-2023-50658's attack) is refused before any
// round is run; one with the count the library writes still reads.
func TestFileKeyringRefusesHugePBKDF2Counts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ours, library := openFileKeyrings(t, dir)
	for p2c, wantOK := range map[int]bool{8192: true, 1_000_000: false} {
		token, err := jose.Encrypt(`{"Key":"p","Data":"eyJBY2Nlc3NLZXlJRCI6IkFLSUFFWEFNUExFIiwiU2VjcmV0QWNjZXNzS2V5IjoicyJ9"}`, jose.PBES2_HS256_A128KW, jose.A256GCM, filePass,
			jose.Headers(map[string]any{"p2c": p2c}))
		must(t, err)
		must(t, os.WriteFile(filepath.Join(dir, "p"), []byte(token), 0o600))
		if !wantOK {
			if _, err := library.Get("p"); err != nil {
				t.Fatalf("jose2go itself refuses p2c %d (%v): the test no longer shows our own bound", p2c, err)
			}
		}
		_, err = vault.NewStore(ours, nil).Credentials("p")
		if gotOK := err == nil; gotOK != wantOK || !wantOK && !errors.Is(err, vault.ErrCorruptItem) {
			t.Errorf("p2c %d: %v, want readable %v", p2c, err, wantOK)
		}
	}
}

// A wrong passphrase is still told apart from a damaged item.
func TestFileKeyringWrongPassphrase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ours, _ := openFileKeyrings(t, dir)
	must(t, vault.NewStore(ours, nil).SetCredentials("p", aws.Credentials{AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "s"}))
	wrong, err := vault.OpenKeyring(vault.KeyringOptions{Backend: string(keyring.FileBackend), FileDir: dir,
		FilePassphrase: func(vault.PassphraseRequest) (string, error) { return "not-" + filePass, nil }})
	must(t, err)
	_, err = vault.NewStore(wrong, nil).Credentials("p")
	if !errors.Is(err, vault.ErrKeyringLocked) || errors.Is(err, vault.ErrCorruptItem) {
		t.Errorf("wrong passphrase: %v, want ErrKeyringLocked", err)
	}
}
