package fakeaws

import (
	"net/url"
	"strconv"
	"time"
)

// Session duration limits per action, in seconds, from the STS API reference.
const (
	minDuration             = 900
	maxUserSessionDuration  = 129600 // GetSessionToken, GetFederationToken
	maxRoleSessionDuration  = 43200  // AssumeRole (the role's MaxSessionDuration at most)
	maxChainSessionDuration = 3600   // AssumeRole called with role credentials
	defaultUserDuration     = 43200
	defaultRoleDuration     = 3600
)

// duration reads DurationSeconds, defaulting to def and enforcing [900, max] with AWS's wording.
func duration(params url.Values, def, max int) (time.Duration, error) {
	raw := params.Get("DurationSeconds")
	if raw == "" {
		return time.Duration(def) * time.Second, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, validationError("Value '%s' at 'durationSeconds' failed to satisfy constraint: Member must be an integer", raw)
	}
	if n < minDuration {
		return 0, validationError("1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to %d", n, minDuration)
	}
	if n > max {
		return 0, validationError("1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to %d", n, max)
	}
	return time.Duration(n) * time.Second, nil
}
