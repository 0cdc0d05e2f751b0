package server

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
)

// newToken returns n random bytes, base64url without padding: header- and URL-safe.
func newToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// tokenEqual compares in constant time (for a given length). It copies got through a stack
// buffer, because []byte(got) would allocate on every request.
func tokenEqual(got, want string) bool {
	if len(got) != len(want) {
		return false
	}
	var a, b [64]byte
	eq := 1
	for i := 0; i < len(want); i += len(a) {
		n := copy(a[:], got[i:])
		copy(b[:], want[i:])
		eq &= subtle.ConstantTimeCompare(a[:n], b[:n])
	}
	return eq == 1
}
