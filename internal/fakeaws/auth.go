package fakeaws

import "net/http"

// authenticate finds who signed req and checks they could: a known key, the right session
// token, unexpired credentials and a signature made with the key's secret.
func (s *STS) authenticate(req *request) (principal, error) {
	header := req.http.Header.Get("Authorization")
	if header == "" {
		return principal{}, missingAuthenticationToken()
	}
	auth, err := parseAuthorization(header)
	if err != nil {
		return principal{}, &apiError{http.StatusBadRequest, "IncompleteSignature", err.Error()}
	}
	secret, who, err := s.lookupKey(auth.accessKeyID, req.http.Header.Get("X-Amz-Security-Token"))
	if err != nil {
		return principal{}, err
	}
	if !auth.verify(req.http, req.body, secret) {
		return principal{}, signatureDoesNotMatch()
	}
	return who, nil
}

// lookupKey returns the secret and principal behind an access key and its session token.
func (s *STS) lookupKey(akid, token string) (secret string, who principal, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.users[akid]; ok {
		if token != "" {
			// AWS rejects a session token sent with long-term keys the same way.
			return "", principal{}, invalidClientTokenID()
		}
		if u.unseen > 0 {
			u.unseen--
			s.users[akid] = u
			return "", principal{}, invalidClientTokenID()
		}
		return u.secret, principal{kind: iamUser, name: u.name, account: Account, longTerm: true}, nil
	}
	sess, ok := s.sessions[akid]
	if !ok || token != sess.token {
		return "", principal{}, invalidClientTokenID()
	}
	if !s.now().Before(sess.expires) {
		return "", principal{}, expiredToken()
	}
	return sess.secret, sess.who, nil
}
