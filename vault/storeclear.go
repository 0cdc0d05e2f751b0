package vault

// ClearAll is `clear` without a profile: legacy and expired sessions, then every other
// cached session and every OIDC token. Like aws-vault it counts every item it deleted
// (aws-vault prints the total as "Cleared N sessions."). Long-term keys are kept.
func (s *Store) ClearAll() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.removeOldSessionsLocked()
	if err != nil {
		return n, err
	}
	sessions, err := s.removeSessionsMatchingLocked(func(SessionKey) bool { return true })
	n += sessions
	if err != nil {
		return n, err
	}
	urls, err := s.oidcStartURLsLocked()
	if err != nil {
		return n, err
	}
	for _, u := range urls {
		removed, err := s.removeLocked(oidcKey(u))
		if err != nil {
			return n, err
		}
		if removed {
			n++
		}
	}
	return n, nil
}
