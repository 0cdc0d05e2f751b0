package vault

import "errors"

// ErrNetwork: an AWS endpoint (STS, the console sign-in) could not be reached at all, or did
// not answer in time. The errors that wrap it name the endpoint through Unreachable.
var ErrNetwork = errors.New("cannot reach aws")

// NetworkHint is the next step for an AWS endpoint that cannot be reached or does not answer.
const NetworkHint = "check the network connection, HTTPS_PROXY and SSL_CERT_FILE"

// Unreachable is ErrNetwork for one service: it says "cannot reach aws SERVICE" (sts,
// sign-in), so the user learns which endpoint failed, and errors.Is(err, ErrNetwork) holds.
func Unreachable(service string) error { return unreachableError(service) }

type unreachableError string

func (e unreachableError) Error() string { return "cannot reach aws " + string(e) }
func (e unreachableError) Unwrap() error { return ErrNetwork }
