package vault

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
)

// decodeItem decrypts a file-keyring item: a compact JWE with PBES2-HS256+A128KW key wrapping
// and A256GCM content encryption (RFC 7518 4.8, 4.4 and 5.3), which is what aws-vault's
// keyring library writes and the only form isFileKeyringJWE admits. It does what jose2go's
// DecodeBytes does for that form, with the standard library's PBKDF2, which does not
// allocate per round: jose2go's allocated 8,192 times per item, and a cached `vaultbar env`
// spent a sixth of its page faults there.
//
// A wrong passphrase fails the key unwrap's integrity check (errWrongPassphrase); anything
// else wrong with the item is errItemUnreadable.
func decodeItem(data []byte, pass string) ([]byte, error) {
	parts := bytes.Split(data, []byte("."))
	if len(parts) != 5 {
		return nil, errItemUnreadable
	}
	var h struct {
		Alg, Enc, Zip string
		P2S           string `json:"p2s"`
		P2C           int    `json:"p2c"`
	}
	header, err := base64.RawURLEncoding.DecodeString(string(parts[0]))
	if err != nil || json.Unmarshal(header, &h) != nil || h.Alg != fileKeyringAlg || h.Enc != fileKeyringEnc ||
		h.Zip != "" || h.P2C <= 0 || h.P2C > fileKeyringMaxP2C {
		return nil, errItemUnreadable
	}
	var fields [4][]byte // p2s, encrypted key, iv, ciphertext+tag
	for i, s := range [][]byte{[]byte(h.P2S), parts[1], parts[2], parts[3]} {
		if fields[i], err = base64.RawURLEncoding.DecodeString(string(s)); err != nil {
			return nil, errItemUnreadable
		}
	}
	tag, err := base64.RawURLEncoding.DecodeString(string(parts[4]))
	if err != nil {
		return nil, errItemUnreadable
	}
	salt := append(append([]byte(fileKeyringAlg), 0), fields[0]...)
	kek, err := pbkdf2.Key(sha256.New, pass, salt, h.P2C, 16)
	if err != nil {
		return nil, errItemUnreadable
	}
	cek, err := aesKeyUnwrap(kek, fields[1])
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(cek)
	if err != nil || len(cek) != 32 {
		return nil, errItemUnreadable
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil || len(fields[2]) != gcm.NonceSize() {
		return nil, errItemUnreadable
	}
	// The additional data is the header as written: the ASCII of its base64url form.
	plain, err := gcm.Open(nil, fields[2], append(fields[3], tag...), parts[0])
	if err != nil {
		return nil, errItemUnreadable
	}
	return plain, nil
}

// errWrongPassphrase carries jose2go's words for it, which classifyKeyringErr and
// isBadPassphrase recognise for the library's own errors too.
var errWrongPassphrase = errors.New("aes key unwrap: " + fileKeyringBadPassphrase)

// aesKeyUnwrap is RFC 3394's key unwrap: it returns the key wrapped under kek, or
// errWrongPassphrase when the integrity value does not come out (kek is not the one that
// wrapped it).
func aesKeyUnwrap(kek, wrapped []byte) ([]byte, error) {
	if len(wrapped) < 24 || len(wrapped)%8 != 0 {
		return nil, errItemUnreadable
	}
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, errItemUnreadable
	}
	n := len(wrapped)/8 - 1
	var a [8]byte
	copy(a[:], wrapped[:8])
	r := make([]byte, n*8)
	copy(r, wrapped[8:])
	var b [16]byte
	for j := 5; j >= 0; j-- {
		for i := n; i >= 1; i-- {
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(b[:8], binary.BigEndian.Uint64(a[:])^t)
			copy(b[8:], r[(i-1)*8:i*8])
			block.Decrypt(b[:], b[:])
			copy(a[:], b[:8])
			copy(r[(i-1)*8:], b[8:])
		}
	}
	defaultIV := [8]byte{0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6}
	if subtle.ConstantTimeCompare(a[:], defaultIV[:]) != 1 {
		return nil, errWrongPassphrase
	}
	return r, nil
}
