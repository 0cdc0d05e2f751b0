package vault_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/vault"
)

// What AWS hands out passes: the STS API reference's examples, a current-style token
// (base64 of a binary blob with runs of '/'), and long-term keys without token or expiry.
func TestCheckCredentialsAcceptsAWSShapes(t *testing.T) {
	t.Parallel()
	blob := make([]byte, 1500) // tokens of roles with session tags run to a few thousand characters
	_, _ = rand.Read(blob)
	hour := time.Now().Add(time.Hour)
	for name, c := range map[string]aws.Credentials{
		"docs_session": {AccessKeyID: "ASIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			SessionToken: "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LTo6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE/" +
				"IvU1dYUg2RVAJBanLiHb4IgRmpRV3zrkuWJOgQs8IZZaIv2BXIa2R4OlgkBN9bkUDNCJiBeb/AXlzBBko7b15fjrBs2+cTQtpZ3CYWFXG8C5zqx37wnOE49mRl/+OtkIKGO7fAE",
			CanExpire: true, Expires: hour},
		"long_token": {AccessKeyID: "ASIA2EXAMPLE00000001", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			SessionToken: "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ" + base64.StdEncoding.EncodeToString(blob),
			CanExpire:    true, Expires: hour},
		"long_term": {AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
		"bounds": {AccessKeyID: strings.Repeat("A", 16), SecretAccessKey: strings.Repeat("+", 128),
			SessionToken: strings.Repeat("=", 32768), CanExpire: true, Expires: hour},
	} {
		if err := vault.CheckCredentials("p", c); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Anything else is refused with an error that names the profile and the field, never the
// value, and says where the value came from.
func TestCheckCredentialsNamesFieldNotValue(t *testing.T) {
	t.Parallel()
	good := aws.Credentials{AccessKeyID: "ASIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		SessionToken: "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT", CanExpire: true, Expires: time.Now().Add(time.Hour),
		Source: vault.SessionTypeCredentialProcess}
	tests := []struct {
		name, field, value string
		edit               func(c *aws.Credentials, v string)
	}{
		{"command_substitution", "AccessKeyId", "ASIA$(touch PWNED)X", func(c *aws.Credentials, v string) { c.AccessKeyID = v }},
		{"lowercase_key_id", "AccessKeyId", "asiaiosfodnn7example", func(c *aws.Credentials, v string) { c.AccessKeyID = v }},
		{"short_key_id", "AccessKeyId", "ASIA00000000001", func(c *aws.Credentials, v string) { c.AccessKeyID = v }},
		{"long_key_id", "AccessKeyId", "ASIA" + strings.Repeat("0", 125), func(c *aws.Credentials, v string) { c.AccessKeyID = v }},
		{"key_id_newline", "AccessKeyId", "ASIAIOSFODNN7EXAMPLE\n", func(c *aws.Credentials, v string) { c.AccessKeyID = v }},
		{"short_secret", "SecretAccessKey", "wJalrXUtnFEMI/K", func(c *aws.Credentials, v string) { c.SecretAccessKey = v }},
		{"long_secret", "SecretAccessKey", strings.Repeat("w", 129), func(c *aws.Credentials, v string) { c.SecretAccessKey = v }},
		{"short_token", "SessionToken", "AQoEXAMPLEH4aoA", func(c *aws.Credentials, v string) { c.SessionToken = v }},
		{"quoted_secret", "SecretAccessKey", "wJalrXUtnFEMI'; touch PWNED; '", func(c *aws.Credentials, v string) { c.SecretAccessKey = v }},
		{"empty_secret", "SecretAccessKey", "", func(c *aws.Credentials, v string) { c.SecretAccessKey = v }},
		{"token_newline_backtick", "SessionToken", "AQoEXAMPLEH4aoAH\n`touch PWNED`", func(c *aws.Credentials, v string) { c.SessionToken = v }},
		{"token_space", "SessionToken", "AQoEXAMPLEH4aoAH0gNC APyJxz4BlCFF", func(c *aws.Credentials, v string) { c.SessionToken = v }},
		{"token_too_long", "SessionToken", strings.Repeat("A", 32769), func(c *aws.Credentials, v string) { c.SessionToken = v }},
		{"zero_expiration", "Expiration", "", func(c *aws.Credentials, _ string) { c.Expires = time.Time{} }},
	}
	for _, tt := range tests {
		c := good
		tt.edit(&c, tt.value)
		err := vault.CheckCredentials("evil", c)
		if !errors.Is(err, vault.ErrInvalidCredentials) {
			t.Errorf("%s: %v, want ErrInvalidCredentials", tt.name, err)
			continue
		}
		msg := err.Error() + " " + vault.Hint(err)
		if !strings.Contains(msg, "profile evil") || !strings.Contains(msg, tt.field) || !strings.Contains(vault.Hint(err), "credential_process of profile evil") {
			t.Errorf("%s: %q; want profile evil, field %s and the credential_process in the hint", tt.name, msg, tt.field)
		}
		if tt.value != "" && strings.Contains(msg, strings.SplitN(tt.value, "\n", 2)[0]) {
			t.Errorf("%s: %q shows the value", tt.name, msg)
		}
	}
}

// The ECS server's /role-arn/ route assumes roles outside the cache: an answer that is
// already expired is refused there too.
func TestAssumeRoleARNRefusesExpiredAnswer(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	p := r.profile("bob", vault.Overrides{})
	_, err := r.v.Credentials(context.Background(), p, vault.CredentialOptions{}) // bob's session, valid an hour
	must(t, err)
	r.fake.STS.Now = func() time.Time { return time.Now().Add(-2 * time.Hour) }
	c, err := r.v.AssumeRoleARN(context.Background(), p, deployRole)
	if !errors.Is(err, vault.ErrCredentialsExpire) || c.AccessKeyID != "" {
		t.Fatalf("AssumeRoleARN with an answer expired an hour ago: key %q, %v; want ErrCredentialsExpire", c.AccessKeyID, err)
	}
	if h := vault.Hint(err); !strings.Contains(h, "clock") {
		t.Errorf("hint %q does not point at the clock", h)
	}
}
