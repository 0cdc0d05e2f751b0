package fakeaws

import (
	"net/http"
	"net/url"
)

// AssumeRoleWithWebIdentity is unsigned on AWS: the caller proves who it is with an OpenID
// Connect token issued by a provider the role trusts. The fake trusts the tokens registered
// with TrustWebIdentityToken and rejects every other one as AWS rejects a token it cannot
// verify. Every token sent is in the recorded Call's Params["WebIdentityToken"].

// webIdentityAction is the one STS action that is not signed.
const webIdentityAction = "AssumeRoleWithWebIdentity"

// webIdentityProvider is what the fake reports as the token's issuer.
const webIdentityProvider = "oidc.fake.example"

// TrustWebIdentityToken makes AssumeRoleWithWebIdentity accept token (for any role), with
// subject as the token's "sub" claim in the answer.
func (s *STS) TrustWebIdentityToken(token, subject string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.webTokens == nil {
		s.webTokens = map[string]string{}
	}
	s.webTokens[token] = subject
}

// WebIdentityTokens returns the tokens AssumeRoleWithWebIdentity received since the last
// Reset, oldest first, accepted or not.
func (s *STS) WebIdentityTokens() []string {
	var out []string
	for _, c := range s.CallsFor(webIdentityAction) {
		out = append(out, c.Params.Get("WebIdentityToken"))
	}
	return out
}

func (s *STS) assumeRoleWithWebIdentity(params url.Values) (any, error) {
	roleARN, sessionName, token := params.Get("RoleArn"), params.Get("RoleSessionName"), params.Get("WebIdentityToken")
	if err := checkAssumeRoleParams(roleARN, sessionName); err != nil {
		return nil, err
	}
	if token == "" {
		return nil, missingParam("webIdentityToken")
	}
	s.mu.Lock()
	subject, ok := s.webTokens[token]
	s.mu.Unlock()
	if !ok {
		return nil, &apiError{http.StatusBadRequest, "InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements"}
	}
	d, err := duration(params, defaultRoleDuration, maxRoleSessionDuration)
	if err != nil {
		return nil, err
	}
	who := principal{kind: assumedRole, roleARN: roleARN, session: sessionName, account: roleAccount(roleARN)}
	c := s.issue(who, d, webIdentityAction, principal{})
	return assumeRoleWithWebIdentityResult{
		SubjectFromWebIdentityToken: subject,
		Audience:                    "sts.amazonaws.com",
		AssumedRoleUser:             xmlAssumedRoleUser{Arn: who.arn(), AssumedRoleID: who.userID()},
		Credentials:                 credentialsXML(c),
		Provider:                    webIdentityProvider,
	}, nil
}

// assumeRoleWithWebIdentityResult mirrors AWS's XML, field order as on the wire.
type assumeRoleWithWebIdentityResult struct {
	SubjectFromWebIdentityToken string
	Audience                    string
	AssumedRoleUser             xmlAssumedRoleUser
	Credentials                 xmlCredentials
	Provider                    string
}
