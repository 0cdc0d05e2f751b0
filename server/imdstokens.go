package server

import (
	"crypto/sha256"
	"sync"
	"time"
)

// maxIMDSTokens bounds the IMDSv2 tokens remembered at once. Each SDK client holds one per
// TTL, so this is far more than a workstation needs; past it the oldest go first.
const maxIMDSTokens = 1024

// imdsTokens remembers issued IMDSv2 tokens until they expire. They are kept by SHA-256, so
// that the timing of a map lookup says nothing useful about a token.
type imdsTokens struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]time.Time // hash -> expiry
}

func (t *imdsTokens) issue(now time.Time, ttl time.Duration) (string, error) {
	tok, err := newToken(32)
	if err != nil {
		return "", err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[[sha256.Size]byte]time.Time{}
	}
	if len(t.m) >= maxIMDSTokens {
		t.pruneLocked(now)
	}
	t.m[sha256.Sum256([]byte(tok))] = now.Add(ttl)
	return tok, nil
}

// valid reports whether tok was issued and has not expired.
func (t *imdsTokens) valid(tok string, now time.Time) bool {
	// Through a stack buffer: []byte(tok) would allocate per request. Issued tokens are 43
	// bytes, so anything longer than the buffer is not one of them.
	var buf [64]byte
	if len(tok) > len(buf) {
		return false
	}
	key := sha256.Sum256(buf[:copy(buf[:], tok)])
	t.mu.Lock()
	defer t.mu.Unlock()
	exp, ok := t.m[key]
	if ok && !now.Before(exp) {
		delete(t.m, key)
		return false
	}
	return ok
}

// pruneLocked drops expired tokens and, if the store is still full, the one closest to expiry.
func (t *imdsTokens) pruneLocked(now time.Time) {
	for k, exp := range t.m {
		if !now.Before(exp) {
			delete(t.m, k)
		}
	}
	if len(t.m) < maxIMDSTokens {
		return
	}
	var first [sha256.Size]byte
	var firstExp time.Time
	for k, exp := range t.m {
		if firstExp.IsZero() || exp.Before(firstExp) {
			first, firstExp = k, exp
		}
	}
	delete(t.m, first)
}
