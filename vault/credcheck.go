package vault

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

var (
	// ErrInvalidCredentials: a credential field holds something that cannot be an AWS
	// credential. Credentials leave the process as shell text and environment variables, so a
	// value from a credential_process, a keyring item or an STS answer is checked first.
	ErrInvalidCredentials = errors.New("invalid credentials")
	// ErrCredentialsExpire: credentials are expired, or expire within the minimum TTL, when
	// they arrive. They are neither cached nor handed out.
	ErrCredentialsExpire = errors.New("expired credentials refused")
)

// Shapes of credential fields. Access key ids are IAM's pattern ([A-Z0-9], 16 to 128).
// Secrets and session tokens are base64 (STS tokens are base64 of a binary blob, hundreds to a
// few thousand characters; AWS sets no maximum, so the bound only keeps an environment
// variable far below Linux's 128 KiB per string). They are loops over bytes, not regexps:
// compiling `[A-Z0-9]{16,128}` unrolls the repeat and cost every command's start 0.3 ms and
// 200 KB (GODEBUG=inittrace=1).
const (
	minKeyLen, maxKeyLen     = 16, 128
	minTokenLen, maxTokenLen = 16, 32768
)

// IsAccessKeyID reports whether s has the shape of an AWS access key id. The key entry of
// `add` and of the menu's dialog uses it, so keys that would be refused later are not stored.
func IsAccessKeyID(s string) bool { return shaped(s, minKeyLen, maxKeyLen, isKeyIDByte) }

// IsSecretAccessKey reports whether s has the shape of an AWS secret access key.
func IsSecretAccessKey(s string) bool { return shaped(s, minKeyLen, maxKeyLen, isBase64Byte) }

// shaped reports whether s has lo to hi bytes, each of them ok.
func shaped(s string, lo, hi int, ok func(byte) bool) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := range len(s) {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isKeyIDByte(b byte) bool { return 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' }

func isBase64Byte(b byte) bool {
	return 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '+' || b == '/' || b == '='
}

// CheckCredentials refuses credentials with a field that cannot be AWS's, with an error that
// names the profile and the field but never the value, and a hint naming where the value came
// from (c.Source). Call it before credentials are printed, copied or put in an environment.
func CheckCredentials(profile string, c aws.Credentials) error {
	if err := checkFields(profile, c); err != nil {
		return fmt.Errorf("profile %s: %w", profile, err)
	}
	return nil
}

// checkFields is CheckCredentials without the profile in the message, for errors that
// Vault.Credentials wraps with it already.
func checkFields(profile string, c aws.Credentials) error {
	field, problem := badField(c)
	if field == "" {
		return nil
	}
	return WithHint(fmt.Errorf("%w: %s %s", ErrInvalidCredentials, field, problem), "%s", sourceHint(profile, c.Source))
}

// badField returns the first field that fails its shape, in the order of the env output.
func badField(c aws.Credentials) (field, problem string) {
	switch {
	case !IsAccessKeyID(c.AccessKeyID):
		return "AccessKeyId", "is not 16 to 128 upper-case letters and digits"
	case !IsSecretAccessKey(c.SecretAccessKey):
		return "SecretAccessKey", "is not 16 to 128 base64 characters"
	case c.SessionToken != "" && !shaped(c.SessionToken, minTokenLen, maxTokenLen, isBase64Byte):
		return "SessionToken", "is not 16 to 32768 base64 characters"
	case c.CanExpire && (c.Expires.Year() < 1971 || c.Expires.Year() > 9999):
		return "Expiration", "is not a real time"
	}
	return "", ""
}

// sourceHint says where a bad value came from, so the user knows what to fix or remove.
func sourceHint(profile, source string) string {
	switch {
	case source == SessionTypeCredentialProcess:
		return "the credential_process of profile " + profile + " printed it; fix that command"
	case source == "keyring":
		return "the access keys stored for profile " + profile + " are damaged or were planted; " +
			"replace them with `vaultbar remove " + profile + "` and `vaultbar add " + profile + "`"
	case strings.HasPrefix(source, "cached "):
		return "the cached session of profile " + profile + " is damaged or was planted; " +
			"`vaultbar clear " + profile + "` removes it"
	case strings.HasPrefix(source, "sts."):
		return "the STS answer carried it; check AWS_ENDPOINT_URL_STS and any proxy between you and AWS"
	}
	return "check where profile " + profile + " gets its credentials"
}

// checkFresh is the gate in front of the session cache: fields of AWS's shape, and more than
// the minimum TTL left. Credentials that fail it are neither cached nor returned: an STS answer
// that is already expired means a wrong clock (ours or a proxy's), and caching it would only
// hand it out again.
func (v *Vault) checkFresh(profile string, c aws.Credentials) error {
	if err := checkFields(profile, c); err != nil {
		return err
	}
	if !c.CanExpire {
		return nil
	}
	now := v.now()
	left := c.Expires.Sub(now)
	if left > v.minTTL {
		return nil
	}
	exp := c.Expires.UTC().Format(time.RFC3339)
	var err error
	if left <= 0 {
		err = fmt.Errorf("%w: %s answered credentials that expired at %s, %s ago", ErrCredentialsExpire, c.Source, exp, (-left).Round(time.Second))
	} else {
		err = fmt.Errorf("%w: %s answered credentials that expire at %s, within the minimum ttl of %s", ErrCredentialsExpire, c.Source, exp, v.minTTL)
	}
	hint := fmt.Sprintf("check this machine's clock (it reads %s)", now.UTC().Format(time.RFC3339))
	if left > 0 {
		hint += fmt.Sprintf(" and that AWS_MIN_TTL (%s) is shorter than the session duration", v.minTTL)
	}
	if c.Source == SessionTypeCredentialProcess {
		hint = "the credential_process of profile " + profile + " must print an Expiration later than AWS_MIN_TTL from now; " + hint
	}
	return WithHint(err, "%s", hint)
}
