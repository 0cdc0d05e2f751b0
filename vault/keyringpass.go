package vault

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// maxPassphraseTries is how often one keyring operation asks for the file keyring's
// passphrase when the answers are wrong.
const maxPassphraseTries = 3

// passphrase is the file keyring's passphrase: asked when first needed, kept only once an
// item has opened with it. A wrong one is forgotten at once and asked again (up to
// maxPassphraseTries times per operation), so one typo never breaks every later action
// until a restart; a cancelled prompt keeps nothing either.
type passphrase struct {
	mu   sync.Mutex
	ask  askPassphrase
	pass string
	ok   bool // pass holds an answer ("" included: the library asks again for an empty one)
}

// PassphraseRequest is one ask for the file keyring's passphrase.
type PassphraseRequest struct {
	Prompt string // aws-vault's words: `Enter passphrase to unlock "/home/me/.awsvault/keys": `
	// For is what the item being opened or written belongs to, so that a dialog can say why
	// it asks: a profile (its keys or one of its sessions), "IAM Identity Center" for a
	// sign-in's token; "" when not known.
	For string
}

// unlock returns the passphrase once check accepts it. check gets each candidate and
// returns an error for which isBadPassphrase is true when it is wrong; nil check accepts any.
// Errors of the prompt (a cancel) and other errors of check come back unchanged. key is the
// item opened or written, named in the request.
func (p *passphrase) unlock(dir, key string, check func(pass string) error) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var err error
	wrong := false // the answer before, in this operation, was wrong: the prompt says so
	for range maxPassphraseTries {
		if !p.ok {
			prompt := fmt.Sprintf("Enter passphrase to unlock %q", dir)
			if wrong {
				prompt = "That passphrase was wrong. " + prompt
			}
			s, aerr := p.ask(PassphraseRequest{Prompt: prompt, For: itemOwner(key)})
			if aerr != nil {
				return "", aerr
			}
			p.pass, p.ok = s, true
		}
		if check == nil {
			return p.pass, nil
		}
		if err = check(p.pass); !isBadPassphrase(err) {
			return p.pass, err
		}
		p.pass, p.ok, wrong = "", false, true
	}
	return "", err
}

// itemOwner is what a keyring item belongs to: the profile of a session or of stored keys
// (whose item key is the profile's name), IAM Identity Center for a token.
func itemOwner(key string) string {
	switch {
	case strings.HasPrefix(key, oidcKeyPrefix):
		return "IAM Identity Center"
	case IsLegacySessionKey(key):
		return ""
	}
	if k, err := ParseSessionKey(key); err == nil {
		return k.Profile
	}
	return key
}

// isBadPassphrase reports jose2go's failure to unwrap an item's key: the passphrase is wrong.
func isBadPassphrase(err error) bool {
	return err != nil && strings.Contains(err.Error(), fileKeyringBadPassphrase)
}

// anyItemOpens is the check before a write: the passphrase must open an item already in
// dir, so that a mistyped passphrase never encrypts a new item the others' passphrase cannot
// read. An empty keyring accepts any passphrase, as the library does.
func (k *fileKeyring) anyItemOpens(dir string) func(pass string) error {
	return func(pass string) error {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), fileTempPrefix) || e.IsDir() {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil || !isFileKeyringJWE(data) {
				continue
			}
			if _, err := decodeItem(data, pass); !errors.Is(err, errItemUnreadable) {
				return err // opened (nil) or the passphrase is wrong
			}
		}
		return nil
	}
}
