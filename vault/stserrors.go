package vault

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// STS failures the UI tells apart; a network failure is Unreachable("sts"), which wraps
// ErrNetwork.
var (
	// ErrMFARejected: STS refused the one-time code (wrong, reused or out of sync).
	ErrMFARejected = errors.New("mfa code was rejected")
	// ErrAccessDenied: the caller is not allowed to make the call (role trust policy, SCP, ...).
	ErrAccessDenied = errors.New("access denied")
	// ErrInvalidKeys: AWS does not know the access key (deleted, deactivated or mistyped).
	ErrInvalidKeys = errors.New("access key is not valid")
	// ErrExpiredToken: the credentials used to sign the call have expired.
	ErrExpiredToken = errors.New("credentials have expired")
	// ErrBadAnswer: what came back is not an STS answer that can be read (cut off, garbled,
	// too large): a proxy, a captive portal or a broken connection got in the way.
	ErrBadAnswer = errors.New("unreadable answer from aws sts")
)

// stsError turns an SDK error into one sentence with a hint. AWS's own message is kept
// (it names the role or the limit); nothing signed or secret is part of an SDK error. The
// SDK's own chain ("operation error STS: …, https response error StatusCode: 200, …,
// deserialization failed, EOF") never reaches the user: it names no cause they can act on.
func stsError(what string, p *Profile, err error) error {
	var noAnswer *NoAnswerError
	if errors.As(err, &noAnswer) {
		return WithHint(fmt.Errorf("%s: %w: %w", what, errSTSUnreachable, noAnswer), NetworkHint)
	}
	var tooLarge *ResponseTooLargeError
	if errors.As(err, &tooLarge) {
		return WithHint(fmt.Errorf("%s: %w: %w", what, ErrBadAnswer, tooLarge), badAnswerHint)
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		return apiError(what, p, api)
	}
	var netErr net.Error
	var opErr *net.OpError
	if errors.As(err, &opErr) || errors.As(err, &netErr) {
		return WithHint(fmt.Errorf("%s: %w: %v", what, errSTSUnreachable, rootCause(err)), NetworkHint)
	}
	var garbled *smithy.DeserializationError
	if errors.As(err, &garbled) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		status := ""
		var resp *smithyhttp.ResponseError
		if errors.As(err, &resp) && resp.HTTPStatusCode() != http.StatusOK {
			status = fmt.Sprintf(" (http %d)", resp.HTTPStatusCode())
		}
		return WithHint(fmt.Errorf("%s: %w: it was cut off or garbled%s", what, ErrBadAnswer, status), badAnswerHint)
	}
	return fmt.Errorf("%s: %w", what, err)
}

var errSTSUnreachable = Unreachable("sts")

const (
	badAnswerHint = "try again; if it keeps happening, a proxy (HTTPS_PROXY) or AWS_ENDPOINT_URL_STS " +
		"points somewhere that is not aws sts, or the connection is being cut"
)

func apiError(what string, p *Profile, api smithy.APIError) error {
	msg := strings.TrimSuffix(api.ErrorMessage(), ".")
	switch code := api.ErrorCode(); {
	case code == "AccessDenied" && strings.Contains(msg, "MultiFactorAuthentication"):
		return WithHint(fmt.Errorf("%s: %w", what, ErrMFARejected),
			"wait for the next code and try again; check mfa_serial of profile %s", p.Name)
	case code == "AccessDenied":
		return WithHint(fmt.Errorf("%s: %w: %s", what, ErrAccessDenied, msg),
			"check the role's trust policy and the permissions of the source credentials")
	case code == "InvalidClientTokenId" || code == "SignatureDoesNotMatch":
		return WithHint(fmt.Errorf("%s: %w (%s)", what, ErrInvalidKeys, code),
			"store current keys with `vaultbar add %s`", keysOwner(p))
	case code == "ExpiredToken":
		return WithHint(fmt.Errorf("%s: %w", what, ErrExpiredToken),
			"run `vaultbar clear %s` and try again", p.Name)
	case code == "InvalidIdentityToken" || code == "IDPRejectedClaim" || code == "ExpiredTokenException":
		return WithHint(fmt.Errorf("%s: %s: %s", what, code, msg),
			"the web identity token was refused: check that it is current and that the role trusts its issuer")
	default:
		return fmt.Errorf("%s: %s: %s", what, code, msg)
	}
}

// keysOwner is the profile in p's chain that holds long-term keys.
func keysOwner(p *Profile) string {
	for p.Source != nil {
		p = p.Source
	}
	return p.Name
}

func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
