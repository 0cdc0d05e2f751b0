package fakeaws

import (
	"crypto/subtle"
	"errors"
	"time"
)

// SessionInfo is what the fake knows about temporary credentials it issued: who they belong
// to and where they came from. The console sign-in fake ([Signin]) decides with it.
type SessionInfo struct {
	AccessKeyID string
	// ARN is the identity the credentials act as (assumed-role, federated-user or IAM user ARN).
	ARN string
	// Action is the STS action that issued them: GetSessionToken, AssumeRole or GetFederationToken.
	Action string
	// FromLongTermKeys: the issuing call was signed with an IAM user's long-term (AKIA) keys
	// rather than with session credentials (role chaining, a role assumed from a
	// GetSessionToken session, ...).
	FromLongTermKeys bool
	Expires          time.Time
}

// Session looks up temporary credentials the fake issued by their access key id. It reports
// false for unknown keys and for long-term keys (those are not sessions).
func (s *STS) Session(accessKeyID string) (SessionInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[accessKeyID]
	if !ok {
		return SessionInfo{}, false
	}
	return sess.info(), true
}

func (sess session) info() SessionInfo {
	return SessionInfo{
		AccessKeyID:      sess.akid,
		ARN:              sess.who.arn(),
		Action:           sess.action,
		FromLongTermKeys: sess.fromLongTerm,
		Expires:          sess.expires,
	}
}

// Reasons checkCredentials refuses a set of credentials.
var (
	errLongTermKeys   = errors.New("long-term access keys")
	errUnknownKeys    = errors.New("unknown access key, secret or session token")
	errExpiredSession = errors.New("expired session")
)

// checkCredentials authenticates a complete credential triple (as sent to the federation
// endpoint, which gets the secret itself rather than a signature).
func (s *STS) checkCredentials(akid, secret, token string) (SessionInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[akid]; ok {
		return SessionInfo{}, errLongTermKeys
	}
	sess, ok := s.sessions[akid]
	if !ok || !equal(secret, sess.secret) || !equal(token, sess.token) {
		return SessionInfo{}, errUnknownKeys
	}
	if !s.now().Before(sess.expires) {
		return SessionInfo{}, errExpiredSession
	}
	return sess.info(), nil
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
