package fakeaws

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"
)

// Markers embedded in every secret and session token the fake issues, so a test can scan
// logs, files or a UI dump for leaked secrets with a plain substring search.
const (
	SecretMarker = "fakesecret"
	TokenMarker  = "faketoken"
)

// IssuedKeyPrefix starts every access key id the fake issues: ASIAFAKE000000000001, …
const IssuedKeyPrefix = "ASIAFAKE"

// issued is one set of temporary credentials.
type issued struct {
	akid, secret, token string
	expires             time.Time
}

// session is what the fake remembers about credentials it issued, to authenticate their use.
type session struct {
	issued
	who principal
	// action is the STS action that issued the credentials ("AssumeRole", …).
	action string
	// fromLongTerm: the issuing call was signed with long-term (AKIA) keys.
	fromLongTerm bool
}

// issue mints unique credentials for who, valid for d from now, and remembers them together
// with their provenance: the action that issued them and who called it.
func (s *STS) issue(who principal, d time.Duration, action string, caller principal) issued {
	// Expiration has whole seconds on the wire, so keep whole seconds here too: the fake must
	// not consider credentials expired that the client still thinks valid.
	if s.SessionLifetime > 0 {
		d = s.SessionLifetime
	}
	expires := s.now().Add(d).UTC().Truncate(time.Second)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issuedN++
	c := issued{
		akid:    fmt.Sprintf("%s%012d", IssuedKeyPrefix, s.issuedN),
		secret:  SecretMarker + randomHex(15),
		token:   TokenMarker + randomBase64(96),
		expires: expires,
	}
	s.sessions[c.akid] = session{issued: c, who: who, action: action, fromLongTerm: caller.longTerm}
	return c
}

func randomHex(n int) string {
	return hex.EncodeToString(randomBytes(n))
}

func randomBase64(n int) string {
	return base64.StdEncoding.EncodeToString(randomBytes(n))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return b
}

// newRequestID returns a random UUID, the shape of AWS request ids.
func newRequestID() string {
	b := randomBytes(16)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
