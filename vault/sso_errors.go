package vault

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/aws/smithy-go"
)

// IAM Identity Center failures the UI tells apart; a network failure is
// Unreachable("iam identity center"), which wraps ErrNetwork.
var (
	// ErrSSODenied: the user refused the sign-in request in the browser.
	ErrSSODenied = errors.New("iam identity center sign-in was denied")
	// ErrSSOCodeExpired: nobody approved the sign-in before its code expired.
	ErrSSOCodeExpired = errors.New("iam identity center sign-in code expired")
	// ErrSSONoBrowser: a sign-in is needed and this entrance has no way to show it.
	ErrSSONoBrowser = errors.New("iam identity center sign-in needs a browser")
	// ErrSSOBadAnswer: what came back is not an IAM Identity Center answer that can be read.
	ErrSSOBadAnswer = errors.New("unreadable answer from aws iam identity center")
)

var errSSOUnreachable = Unreachable("iam identity center")

const ssoBadAnswerHint = "try again; if it keeps happening, a proxy (HTTPS_PROXY), AWS_ENDPOINT_URL_SSO_OIDC or " +
	"AWS_ENDPOINT_URL_SSO points somewhere that is not aws iam identity center"

// ssoAPICode is the error code of an IAM Identity Center API error, "" for other errors.
func ssoAPICode(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return ""
}

// ssoError turns an error of an IAM Identity Center call (ssoAPI) into one sentence with a hint.
// AWS's messages here never hold a token; the chain under them (status, retries) is dropped.
func ssoError(what string, err error) error {
	var noAnswer *NoAnswerError
	var tooLarge *ResponseTooLargeError
	var garbled *smithy.DeserializationError
	var notJSON *ssoNotJSONError
	var opErr *net.OpError
	var netErr net.Error
	switch code := ssoAPICode(err); {
	case errors.As(err, &noAnswer):
		return WithHint(fmt.Errorf("%s: %w: %w", what, errSSOUnreachable, noAnswer), NetworkHint)
	case errors.As(err, &tooLarge):
		return WithHint(fmt.Errorf("%s: %w: %w", what, ErrSSOBadAnswer, tooLarge), ssoBadAnswerHint)
	case code == "AccessDeniedException":
		return WithHint(fmt.Errorf("%s: %w", what, ErrSSODenied), "run the command again and allow the request in the browser")
	case code == "ExpiredTokenException":
		return WithHint(fmt.Errorf("%s: %w", what, ErrSSOCodeExpired), "run the command again and finish signing in in the browser before the code expires")
	case code == "UnauthorizedException":
		return WithHint(fmt.Errorf("%s: the iam identity center sign-in is no longer valid", what),
			"run the command again to sign in anew")
	case code == "ForbiddenException":
		return WithHint(fmt.Errorf("%s: %w", what, ErrAccessDenied),
			"check sso_account_id and sso_role_name: your iam identity center user may not have that role in that account")
	case code != "":
		var api smithy.APIError
		errors.As(err, &api)
		if msg := strings.TrimSuffix(api.ErrorMessage(), "."); msg != "" {
			return fmt.Errorf("%s: %s: %s", what, code, msg)
		}
		return fmt.Errorf("%s: %s", what, code)
	case errors.As(err, &notJSON):
		return WithHint(fmt.Errorf("%s: %w: %w", what, ErrSSOBadAnswer, notJSON), ssoBadAnswerHint)
	case errors.As(err, &garbled):
		return WithHint(fmt.Errorf("%s: %w: it was cut off or garbled", what, ErrSSOBadAnswer), ssoBadAnswerHint)
	case errors.As(err, &opErr) || errors.As(err, &netErr):
		return WithHint(fmt.Errorf("%s: %w: %v", what, errSSOUnreachable, rootCause(err)), NetworkHint)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// errEmptyAnswer is an answer that decoded but lacks what every real answer has: reported as garbled.
var errEmptyAnswer error = &smithy.DeserializationError{Err: errors.New("the answer carried nothing")}

// errCodeExpired is the device code running out while AWS still says "pending".
var errCodeExpired error = &smithy.GenericAPIError{Code: "ExpiredTokenException", Message: "the device code expired"}
