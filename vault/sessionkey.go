package vault

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Session types, the first field of a session key. They name the API call that produced
// the credentials, exactly as aws-vault writes them.
const (
	SessionTypeSessionToken      = "sts.GetSessionToken"
	SessionTypeAssumeRole        = "sts.AssumeRole"
	SessionTypeWebIdentity       = "sts.AssumeRoleWithWebIdentity"
	SessionTypeSSO               = "sso.GetRoleCredentials"
	SessionTypeCredentialProcess = "credential_process"
)

// splitSessionKey splits aws-vault's current (v6+) key, `^([^,]+),([^,]+),([^,]*),([0-9]+)$`:
// type, base64url(profile), base64url(mfa serial or SSO start URL), expiry in Unix seconds.
// It is a loop rather than that regexp because every command parses the keyring's keys, and
// a regexp compiled at start costs each start more than all the parsing.
func splitSessionKey(s string) (f [4]string, ok bool) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 || parts[0] == "" || parts[1] == "" || parts[3] == "" {
		return f, false
	}
	for _, c := range parts[3] {
		if c < '0' || c > '9' {
			return f, false
		}
	}
	return [4]string(parts), true
}

// legacySessionKeyFormats are pre-v6 keys. They are recognised only to delete them, in
// the same order of precedence as aws-vault (a legacy match wins over the current form);
// compiled on first use, as only removing sessions needs them.
var legacySessionKeyFormats = sync.OnceValue(func() []*regexp.Regexp {
	return []*regexp.Regexp{
		regexp.MustCompile(`^session,[^,]+,[^,]*,[0-9]{2,}$`),
		regexp.MustCompile(`^session:[^ ]+:[^ ]*:[^:]+$`),
		regexp.MustCompile(`^.+? session \(\d+\)$`),
	}
})

// sessionKeyB64 is base64url without padding; an empty value encodes to an empty field.
var sessionKeyB64 = base64.URLEncoding.WithPadding(base64.NoPadding)

var errSessionKeyFormat = errors.New("not a session key")

// SessionKey identifies one cached session. Expiration is encoded in the key itself so
// that expired sessions can be found without decrypting anything.
type SessionKey struct {
	Type       string
	Profile    string
	MFASerial  string // for sso.GetRoleCredentials: the SSO start URL
	Expiration time.Time
}

// String is the keyring key: `<type>,<b64(profile)>,<b64(mfa)>,<unix seconds>`.
func (k SessionKey) String() string {
	return k.MatchPrefix() + strconv.FormatInt(k.Expiration.Unix(), 10)
}

// MatchPrefix is the key without its expiry. aws-vault looks sessions up by this prefix,
// so a lookup finds the session whatever its expiry.
func (k SessionKey) MatchPrefix() string {
	return k.Type + "," + sessionKeyB64.EncodeToString([]byte(k.Profile)) + "," +
		sessionKeyB64.EncodeToString([]byte(k.MFASerial)) + ","
}

// ParseSessionKey parses a current-format session key. Expiration comes back in UTC.
// Keys whose fields are not valid base64url, or whose profile decodes to nothing, are
// rejected: they could not have been written by String.
func ParseSessionKey(s string) (SessionKey, error) {
	m, ok := splitSessionKey(s)
	if !ok {
		return SessionKey{}, fmt.Errorf("parse session key: %w", errSessionKeyFormat)
	}
	profile, err := sessionKeyB64.DecodeString(m[1])
	if err != nil || len(profile) == 0 {
		return SessionKey{}, fmt.Errorf("parse session key: bad profile field: %w", errSessionKeyFormat)
	}
	mfa, err := sessionKeyB64.DecodeString(m[2])
	if err != nil {
		return SessionKey{}, fmt.Errorf("parse session key: bad mfa field: %w", errSessionKeyFormat)
	}
	exp, err := strconv.ParseInt(m[3], 10, 64)
	if err != nil {
		return SessionKey{}, fmt.Errorf("parse session key: bad expiry: %w", errSessionKeyFormat)
	}
	return SessionKey{
		Type:       m[0],
		Profile:    string(profile),
		MFASerial:  string(mfa),
		Expiration: time.Unix(exp, 0).UTC(),
	}, nil
}

// IsSessionKey reports whether s parses as a current-format session key. Note that
// legacy `session,…` keys can parse too; check IsLegacySessionKey first when it matters.
func IsSessionKey(s string) bool {
	_, err := ParseSessionKey(s)
	return err == nil
}

// IsLegacySessionKey reports whether s is a session key in a pre-v6 format:
// `session,<profile>,<mfa>,<exp>`, `session:<profile>:<mfa>:<exp>` or `<profile> session (<n>)`.
func IsLegacySessionKey(s string) bool {
	return slices.ContainsFunc(legacySessionKeyFormats(), func(re *regexp.Regexp) bool { return re.MatchString(s) })
}

// sessionKeyExpiredAt reports whether key is a current-format key whose encoded expiry
// is before now. Only the key name is read.
func sessionKeyExpiredAt(key string, now time.Time) bool {
	k, err := ParseSessionKey(key)
	return err == nil && now.After(k.Expiration)
}
