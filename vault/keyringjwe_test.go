package vault

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	jose "github.com/dvsekhvalnov/jose2go"
)

// sealItem encrypts as the keyring library (and so aws-vault) writes a file item.
func sealItem(t testing.TB, payload []byte, pass string) []byte {
	t.Helper()
	token, err := jose.EncryptBytes(payload, fileKeyringAlg, fileKeyringEnc, pass,
		jose.Headers(map[string]any{"created": "2026-12-03 17:00:00 +0000 UTC"}))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(token)
}

// decodeItem opens what jose2go seals, payloads of every length and any passphrase, and
// agrees with jose2go's own decoding; a wrong passphrase is recognised as one.
func TestDecodeItemOpensWhatTheLibraryWrites(t *testing.T) {
	for i, pass := range []string{"bench", "", "pässwörd with spaces", strings.Repeat("x", 300)} {
		payload := bytes.Repeat([]byte{byte('a' + i)}, i*37+1)
		payload = append(payload, `{"Key":"alice","Data":"eyJ9"}`...)
		item := sealItem(t, payload, pass)
		got, err := decodeItem(item, pass)
		if err != nil || !bytes.Equal(got, payload) {
			t.Fatalf("pass %q: decodeItem = %q, %v; want the payload", pass, got, err)
		}
		theirs, _, err := jose.DecodeBytes(string(item), pass)
		if err != nil || !bytes.Equal(theirs, got) {
			t.Fatalf("pass %q: jose2go gives %q, %v", pass, theirs, err)
		}
		if _, err := decodeItem(item, pass+"!"); !isBadPassphrase(err) || errors.Is(err, errItemUnreadable) {
			t.Errorf("pass %q: a wrong passphrase gave %v; want the wrong-passphrase error", pass, err)
		}
	}
}

// Any change to the item (the header, which is the additional data, the key, the iv, the
// ciphertext or the tag) is an unreadable item, never a wrong payload; a header asking for
// another algorithm or an unbounded PBKDF2 count is refused before any work.
func TestDecodeItemRefusesTamperedItems(t *testing.T) {
	item := sealItem(t, []byte(`{"Key":"alice"}`), "pass")
	parts := bytes.Split(item, []byte("."))
	for i := range parts {
		for _, pos := range []int{0, len(parts[i]) / 2, len(parts[i]) - 1} {
			bad := bytes.Clone(item)
			at := bytes.Index(bad, parts[i]) + pos
			bad[at] ^= 0x01
			if got, err := decodeItem(bad, "pass"); err == nil {
				t.Errorf("part %d, byte %d changed: decoded %q", i, pos, got)
			}
		}
	}
	for name, header := range map[string]string{
		"dir":      `{"alg":"dir","enc":"A256GCM"}`,
		"huge p2c": fmt.Sprintf(`{"alg":%q,"enc":%q,"p2c":%d,"p2s":"AAAAAAAAAAAAAAAA"}`, fileKeyringAlg, fileKeyringEnc, fileKeyringMaxP2C+1),
		"zip":      fmt.Sprintf(`{"alg":%q,"enc":%q,"p2c":8192,"p2s":"AAAAAAAAAAAAAAAA","zip":"DEF"}`, fileKeyringAlg, fileKeyringEnc),
	} {
		bad := append([]byte(b64(header)), item[bytes.IndexByte(item, '.'):]...)
		if _, err := decodeItem(bad, "pass"); !errors.Is(err, errItemUnreadable) {
			t.Errorf("%s: %v, want an unreadable item", name, err)
		}
	}
}

func FuzzDecodeItem(f *testing.F) {
	f.Add(sealItem(f, []byte("payload"), "pass"), "pass")
	f.Add([]byte("a.b.c.d.e"), "")
	f.Fuzz(func(t *testing.T, data []byte, pass string) {
		if bytes.Count(data, []byte(".")) == 4 && len(data) > 4096 {
			return // PBKDF2 rounds are bounded by the header; keep each case fast
		}
		got, err := decodeItem(data, pass)
		if err == nil {
			theirs, _, jerr := jose.DecodeBytes(string(data), pass)
			if jerr != nil || !bytes.Equal(theirs, got) {
				t.Fatalf("decodeItem opened an item jose2go does not: %q vs %q, %v", got, theirs, jerr)
			}
		}
	})
}

// The cost of opening one item, ours against jose2go's, in time and allocations.
func BenchmarkDecodeItem(b *testing.B) {
	item := sealItem(b, []byte(`{"Key":"sts.GetSessionToken,YWxpY2U,,1796318582","Data":"eyJBY2Nlc3NLZXlJZCI6IkFTSUEifQ=="}`), "bench")
	b.Run("vaultbar", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodeItem(item, "bench"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("jose2go", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := jose.DecodeBytes(string(item), "bench"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
