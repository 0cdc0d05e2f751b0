package server

import (
	"crypto/sha256"
	"errors"
	"sync"
	"time"
)

// maxIMDSTokens bounds the IMDSv2 tokens remembered at once (about 100 bytes each). Each SDK
// client holds one per TTL, so this is far more than a workstation needs. Past it new tokens
// are refused until one expires: dropping a valid token to make room would break a client
// that did nothing wrong, and let any local process log every other client out.
const maxIMDSTokens = 8192

// errTooManyTokens refuses a token past maxIMDSTokens.
var errTooManyTokens = errors.New("too many imds session tokens in use")

// imdsTokens remembers issued IMDSv2 tokens until they expire. They are kept by SHA-256, so
// that the timing of a map lookup says nothing useful about a token.
type imdsTokens struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]time.Time // hash -> expiry
	// soonest is the earliest expiry in m (or earlier): while the store is full and now is
	// before it, nothing can be reclaimed, and a PUT is refused without scanning the map.
	soonest time.Time
}

// issue returns a new token valid for ttl, or errTooManyTokens (with the time the first
// place frees up) when the store is full of valid tokens.
func (t *imdsTokens) issue(now time.Time, ttl time.Duration) (string, time.Time, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[[sha256.Size]byte]time.Time{}
	}
	if len(t.m) >= maxIMDSTokens && !now.Before(t.soonest) {
		t.pruneLocked(now)
	}
	if len(t.m) >= maxIMDSTokens {
		return "", t.soonest, errTooManyTokens
	}
	tok, err := newToken(32)
	if err != nil {
		return "", time.Time{}, err
	}
	exp := now.Add(ttl)
	t.m[sha256.Sum256([]byte(tok))] = exp
	if len(t.m) == 1 || exp.Before(t.soonest) {
		t.soonest = exp
	}
	return tok, time.Time{}, nil
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

// pruneLocked drops expired tokens and recomputes soonest.
func (t *imdsTokens) pruneLocked(now time.Time) {
	t.soonest = time.Time{}
	for k, exp := range t.m {
		switch {
		case !now.Before(exp):
			delete(t.m, k)
		case t.soonest.IsZero() || exp.Before(t.soonest):
			t.soonest = exp
		}
	}
}
