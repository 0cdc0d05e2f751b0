package vault

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/99designs/keyring"
	jose "github.com/dvsekhvalnov/jose2go"
	"github.com/mtibben/percent"
)

// fileKeyring is aws-vault's file backend with Get, Set and Keys of our own. The library's Set
// (keyring v1.2.2 file.go) is os.WriteFile on the item's own file, which truncates it first:
// another process reading meanwhile gets an empty or partial item. Set here writes a temporary
// file in the same directory and renames it over the item, so readers see the old item or the
// new one. The format is the library's, byte for byte in structure: the JSON of keyring.Item,
// encrypted as a compact JWE (PBES2-HS256+A128KW, A256GCM) with the passphrase and a
// "created" header, in a 0600 file named by percent-encoding the key.
//
// Get reports an item that is empty, truncated or not such a JWE as errItemUnreadable (a
// write by the aws-vault CLI, which still writes in place, or damage) instead of jose2go's
// raw message, and never decodes anything but that one algorithm pair.
type fileKeyring struct {
	keyring.Keyring // the library's backend, for Remove and GetMetadata
	dir             string
	pass            *passphrase
}

const (
	fileKeyringAlg = jose.PBES2_HS256_A128KW
	fileKeyringEnc = jose.A256GCM
	// fileTempPrefix starts every temporary file name. The library percent-encodes '%' in
	// keys, so no item's file name contains "%v": no key can be mistaken for one.
	fileTempPrefix = ".%vaultbar-tmp-"
	// fileKeyringMaxP2C bounds the PBKDF2 rounds an item may ask for. The library writes
	// 8,192; jose2go itself (since v1.6.0, CVE-2023-50658) stops at 1,300,000, which still
	// lets a planted item burn about a second of CPU on every read.
	fileKeyringMaxP2C = 1 << 16
	// fileTempStale is the age past which a temporary file is a crashed writer's leftover.
	fileTempStale = 10 * time.Minute
)

// errItemUnreadable: the item's file is not a complete JWE of the expected kind, or does not
// decrypt for a reason other than a wrong passphrase.
var errItemUnreadable = errors.New("keyring item is damaged or was being written")

func newFileKeyring(lib keyring.Keyring, dir string, ask askPassphrase) *fileKeyring {
	return &fileKeyring{Keyring: lib, dir: dir, pass: &passphrase{ask: ask}}
}

// resolveDir expands ~ and creates the directory 0700, as the library does.
func (k *fileKeyring) resolveDir() (string, error) {
	dir, err := keyring.ExpandTilde(k.dir)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return dir, nil
}

func (k *fileKeyring) Get(key string) (keyring.Item, error) {
	dir, err := k.resolveDir()
	if err != nil {
		return keyring.Item{}, err
	}
	data, err := os.ReadFile(filepath.Join(dir, percent.Encode(key, "/")))
	if errors.Is(err, fs.ErrNotExist) {
		return keyring.Item{}, keyring.ErrKeyNotFound
	}
	if err != nil {
		return keyring.Item{}, err
	}
	if !isFileKeyringJWE(data) {
		return keyring.Item{}, errItemUnreadable
	}
	var payload []byte
	open := func(pass string) (err error) {
		payload, err = decodeItem(data, pass)
		return err
	}
	if _, err := k.pass.unlock(dir, key, open); err != nil {
		return keyring.Item{}, err
	}
	var item keyring.Item
	if err := json.Unmarshal(payload, &item); err != nil {
		return keyring.Item{}, err
	}
	return item, nil
}

// isFileKeyringJWE checks the shape without decrypting: five non-empty base64url parts (the
// last, the tag, 16 bytes of A256GCM) and a header naming the library's algorithms with a
// PBKDF2 count no larger than fileKeyringMaxP2C.
func isFileKeyringJWE(data []byte) bool {
	parts := bytes.Split(data, []byte("."))
	if len(parts) != 5 {
		return false
	}
	for _, p := range parts {
		if len(p) == 0 {
			return false
		}
	}
	if tag, err := base64.RawURLEncoding.DecodeString(string(parts[4])); err != nil || len(tag) != 16 {
		return false
	}
	raw, err := base64.RawURLEncoding.DecodeString(string(parts[0]))
	if err != nil {
		return false
	}
	var h struct {
		Alg, Enc string
		P2C      int64 `json:"p2c"`
	}
	return json.Unmarshal(raw, &h) == nil && h.Alg == fileKeyringAlg && h.Enc == fileKeyringEnc &&
		h.P2C > 0 && h.P2C <= fileKeyringMaxP2C
}

func (k *fileKeyring) Set(item keyring.Item) error {
	data, err := json.Marshal(item)
	if err != nil {
		return err
	}
	dir, err := k.resolveDir()
	if err != nil {
		return err
	}
	pass, err := k.pass.unlock(dir, item.Key, k.anyItemOpens(dir))
	if err != nil {
		return err
	}
	token, err := jose.EncryptBytes(data, fileKeyringAlg, fileKeyringEnc, pass,
		jose.Headers(map[string]any{"created": time.Now().String()}))
	if err != nil {
		return err
	}
	return WriteFileAtomic(dir, percent.Encode(item.Key, "/"), fileTempPrefix, []byte(token))
}

// WriteFileAtomic writes the user-only (0600) file name in dir through a synced temporary
// file, named tempPrefix and a random suffix, renamed over it: a reader, a crash or a full
// disk never sees half a file. The keyring's items and Vaultbar's own settings use it.
func WriteFileAtomic(dir, name, tempPrefix string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, name))
}

// Keys lists the items as the library does (every directory entry, unescaped), leaving out
// temporary files and removing those a crashed writer left behind.
func (k *fileKeyring) Keys() ([]string, error) {
	dir, err := k.resolveDir()
	if err != nil {
		return nil, err
	}
	entries, _ := os.ReadDir(dir) // the library ignores this error too: an unreadable dir lists nothing
	keys := []string{}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), fileTempPrefix) {
			keys = append(keys, percent.Decode(e.Name()))
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > fileTempStale {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	return keys, nil
}
