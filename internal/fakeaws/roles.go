package fakeaws

// roleRules are the parts of a role's trust policy the fake enforces.
type roleRules struct {
	requireMFA bool
	externalID string // "" when not required
}

// rules returns the rules for roleARN, creating them; callers hold s.mu.
func (s *STS) rules(roleARN string) *roleRules {
	r, ok := s.roles[roleARN]
	if !ok {
		r = &roleRules{}
		s.roles[roleARN] = r
	}
	return r
}

// RequireMFA makes AssumeRole on roleARN fail with AccessDenied unless the caller's session
// was authenticated with MFA or the call itself carries a valid SerialNumber and TokenCode
// (a trust policy with "aws:MultiFactorAuthPresent": "true"). Other roles need no MFA.
func (s *STS) RequireMFA(roleARN string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules(roleARN).requireMFA = true
}

// RequireExternalID makes AssumeRole on roleARN fail with AccessDenied unless ExternalId=id.
func (s *STS) RequireExternalID(roleARN, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules(roleARN).externalID = id
}

// roleRulesFor returns a copy of the rules for roleARN (zero rules if none were set).
func (s *STS) roleRulesFor(roleARN string) roleRules {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.roles[roleARN]; ok {
		return *r
	}
	return roleRules{}
}
