package fakeaws

import (
	"fmt"
	"net/http"
)

// apiError is an STS error as the wire shows it: an HTTP status and an ErrorResponse body.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("sts %s (%d): %s", e.code, e.status, e.message)
}

// errorType is AWS's <Type>: who is to blame, the caller or the service.
func (e *apiError) errorType() string {
	if e.status >= 500 {
		return "Receiver"
	}
	return "Sender"
}

// The messages below are AWS's own, so tests see what users would see.

func accessDenied(format string, args ...any) *apiError {
	return &apiError{http.StatusForbidden, "AccessDenied", fmt.Sprintf(format, args...)}
}

func validationError(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, "ValidationError", fmt.Sprintf(format, args...)}
}

func invalidClientTokenID() *apiError {
	return &apiError{http.StatusForbidden, "InvalidClientTokenId",
		"The security token included in the request is invalid."}
}

func expiredToken() *apiError {
	return &apiError{http.StatusForbidden, "ExpiredToken",
		"The security token included in the request is expired"}
}

func signatureDoesNotMatch() *apiError {
	return &apiError{http.StatusForbidden, "SignatureDoesNotMatch",
		"The request signature we calculated does not match the signature you provided. " +
			"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}
}

func missingAuthenticationToken() *apiError {
	return &apiError{http.StatusForbidden, "MissingAuthenticationToken",
		"Request is missing Authentication Token"}
}

func invalidAction(action, version string) *apiError {
	return &apiError{http.StatusBadRequest, "InvalidAction",
		fmt.Sprintf("Could not find operation %s for version %s", action, version)}
}

func invalidMFA() *apiError {
	return accessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code.")
}

// missingParam is AWS's wording for a required parameter left out.
func missingParam(name string) *apiError {
	return validationError("1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", name)
}
