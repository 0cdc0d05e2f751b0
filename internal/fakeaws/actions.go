package fakeaws

import (
	"net/url"
	"strings"
	"time"
)

// packedPolicySize is reported whenever a session policy or tags were passed; AWS reports a
// percentage of the allowed size, and no client depends on the exact figure.
const packedPolicySize = 6

func (s *STS) getSessionToken(params url.Values, caller principal) (any, error) {
	if !caller.longTerm {
		return nil, accessDenied("Cannot call GetSessionToken with session credentials")
	}
	d, err := duration(params, defaultUserDuration, maxUserSessionDuration)
	if err != nil {
		return nil, err
	}
	mfa, err := s.checkMFA(params.Get("SerialNumber"), params.Get("TokenCode"))
	if err != nil {
		return nil, err
	}
	who := caller
	who.longTerm, who.mfa = false, mfa
	return getSessionTokenResult{credentialsXML(s.issue(who, d, "GetSessionToken", caller))}, nil
}

func (s *STS) assumeRole(params url.Values, caller principal) (any, error) {
	roleARN, sessionName := params.Get("RoleArn"), params.Get("RoleSessionName")
	if err := checkAssumeRoleParams(roleARN, sessionName); err != nil {
		return nil, err
	}
	d, err := assumeRoleDuration(params, caller)
	if err != nil {
		return nil, err
	}
	mfa, err := s.authorizeAssumeRole(params, caller, roleARN)
	if err != nil {
		return nil, err
	}
	who := principal{kind: assumedRole, roleARN: roleARN, session: sessionName, account: roleAccount(roleARN), mfa: mfa}
	c := s.issue(who, d, "AssumeRole", caller)
	return assumeRoleResult{
		SourceIdentity:   params.Get("SourceIdentity"),
		AssumedRoleUser:  xmlAssumedRoleUser{Arn: who.arn(), AssumedRoleID: who.userID()},
		Credentials:      credentialsXML(c),
		PackedPolicySize: packedSize(params),
	}, nil
}

func checkAssumeRoleParams(roleARN, sessionName string) error {
	switch {
	case roleARN == "":
		return missingParam("roleArn")
	case sessionName == "":
		return missingParam("roleSessionName")
	case !validRoleARN(roleARN):
		return validationError("%s is invalid", roleARN)
	case len(sessionName) < 2 || len(sessionName) > 64:
		return validationError("1 validation error detected: Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64", sessionName)
	}
	return nil
}

// assumeRoleDuration applies the role limits, including the 1 hour cap on role chaining.
func assumeRoleDuration(params url.Values, caller principal) (time.Duration, error) {
	d, err := duration(params, defaultRoleDuration, maxRoleSessionDuration)
	if err != nil {
		return 0, err
	}
	if caller.kind == assumedRole && d > maxChainSessionDuration*time.Second {
		return 0, validationError("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	}
	return d, nil
}

// authorizeAssumeRole enforces the role's trust policy and reports whether the new session
// counts as MFA-authenticated.
func (s *STS) authorizeAssumeRole(params url.Values, caller principal, roleARN string) (mfa bool, err error) {
	sent, err := s.checkMFA(params.Get("SerialNumber"), params.Get("TokenCode"))
	if err != nil {
		return false, err
	}
	mfa = caller.mfa || sent
	rules := s.roleRulesFor(roleARN)
	wrongExternalID := rules.externalID != "" && params.Get("ExternalId") != rules.externalID
	if rules.requireMFA && !mfa || wrongExternalID {
		return false, accessDenied("User: %s is not authorized to perform: sts:AssumeRole on resource: %s", caller.arn(), roleARN)
	}
	return mfa, nil
}

func (s *STS) getFederationToken(params url.Values, caller principal) (any, error) {
	if !caller.longTerm {
		return nil, accessDenied("Cannot call GetFederationToken with session credentials")
	}
	name := params.Get("Name")
	if name == "" {
		return nil, missingParam("name")
	}
	if len(name) < 2 || len(name) > 32 {
		return nil, validationError("1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: Member must have length between 2 and 32", name)
	}
	d, err := duration(params, defaultUserDuration, maxUserSessionDuration)
	if err != nil {
		return nil, err
	}
	who := principal{kind: federatedUser, name: name, account: caller.account}
	c := s.issue(who, d, "GetFederationToken", caller)
	return getFederationTokenResult{
		Credentials:      credentialsXML(c),
		FederatedUser:    xmlFederatedUser{Arn: who.arn(), FederatedUserID: who.userID()},
		PackedPolicySize: packedSize(params),
	}, nil
}

func (s *STS) getCallerIdentity(caller principal) any {
	return getCallerIdentityResult{Arn: caller.arn(), UserID: caller.userID(), Account: caller.account}
}

// packedSize is reported only when the call passed a session policy or tags, as on AWS.
func packedSize(params url.Values) *int {
	for k := range params {
		if k == "Policy" || strings.HasPrefix(k, "PolicyArns.") || strings.HasPrefix(k, "Tags.") {
			n := packedPolicySize
			return &n
		}
	}
	return nil
}
