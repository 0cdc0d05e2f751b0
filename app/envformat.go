package app

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/vault"
)

// EnvFormats are the output formats of `vaultbar env`. "env" and "json" are byte for byte
// aws-vault's `export --format=env|json`; "export" is its `export-env`.
var EnvFormats = []string{"export", "env", "fish", "powershell", "dotenv", "json"}

// EnvVar is one environment variable.
type EnvVar struct{ Name, Value string }

// CredentialVars lists the variables in aws-vault's order; the session token and expiration
// only when the credentials have them. It refuses credentials with a field that cannot be
// AWS's: they are about to become shell text or a child's environment.
func CredentialVars(profile string, c aws.Credentials, region string) ([]EnvVar, error) {
	if err := vault.CheckCredentials(profile, c); err != nil {
		return nil, err
	}
	vars := []EnvVar{{"AWS_ACCESS_KEY_ID", c.AccessKeyID}, {"AWS_SECRET_ACCESS_KEY", c.SecretAccessKey}}
	if c.SessionToken != "" {
		vars = append(vars, EnvVar{"AWS_SESSION_TOKEN", c.SessionToken})
	}
	if c.CanExpire {
		vars = append(vars, EnvVar{"AWS_CREDENTIAL_EXPIRATION", iso8601(c.Expires)})
	}
	return append(vars, RegionVars(region)...), nil
}

// RegionVars sets the region twice because boto3 reads only AWS_DEFAULT_REGION.
func RegionVars(region string) []EnvVar {
	if region == "" {
		return nil
	}
	return []EnvVar{{"AWS_REGION", region}, {"AWS_DEFAULT_REGION", region}}
}

// iso8601 is the expiry format every AWS SDK reads.
func iso8601(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// FormatEnv renders a profile's credentials in one of EnvFormats, once they pass
// vault.CheckCredentials.
func FormatEnv(format, profile string, c aws.Credentials, region string) (string, error) {
	vars, err := CredentialVars(profile, c, region)
	if err != nil {
		return "", err
	}
	if format == "json" {
		return processJSON(c)
	}
	return FormatVars(format, vars)
}

// FormatVars renders variables as one shell's assignments, each value quoted so that the
// shell reads back exactly the value and runs nothing.
func FormatVars(format string, vars []EnvVar) (string, error) {
	line := map[string]func(EnvVar) (string, error){
		"env":        func(v EnvVar) (string, error) { return v.Name + "=" + shQuote(v.Value), nil },
		"export":     func(v EnvVar) (string, error) { return "export " + v.Name + "=" + shQuote(v.Value), nil },
		"fish":       func(v EnvVar) (string, error) { return "set -gx " + v.Name + " " + fishQuote(v.Value) + ";", nil },
		"powershell": func(v EnvVar) (string, error) { return "$Env:" + v.Name + " = " + powerShellQuote(v.Value), nil },
		"dotenv":     dotenvLine,
	}[format]
	if line == nil {
		return "", vault.WithHint(fmt.Errorf("unknown format %q", format), "use one of %s", strings.Join(EnvFormats, ", "))
	}
	var b strings.Builder
	for _, v := range vars {
		l, err := line(v)
		if err != nil {
			return "", err
		}
		b.WriteString(l + "\n")
	}
	return b.String(), nil
}

// shellSafe reports whether s is a word no shell interprets: valid credentials, regions,
// times and loopback URLs are, so aws-vault's unquoted output stays byte for byte the same.
func shellSafe(s string) bool {
	return s != "" && strings.Trim(s, shellSafeChars) == ""
}

const shellSafeChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:+=,@%-"

// shQuote quotes s for POSIX shells: single quotes are literal but for the quote itself,
// which is closed, escaped and reopened.
func shQuote(s string) string {
	if shellSafe(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fishQuote quotes s for fish, whose single quotes know two escapes: \\ and \'.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// powerShellQuote quotes s for PowerShell, which ends a single-quoted string at any of ' ‘ ’
// ‚ ‛ and reads each of them doubled as one.
func powerShellQuote(s string) string {
	return "'" + strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019",
		"\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b").Replace(s) + "'"
}

// dotenvLine leaves plain values bare and single-quotes the rest. dotenv readers disagree
// about escapes (python-dotenv and sh decode them in different places, docker compose and
// godotenv not at all inside single quotes), so a value that would need one is refused.
func dotenvLine(v EnvVar) (string, error) {
	if shellSafe(v.Value) {
		return v.Name + "=" + v.Value, nil
	}
	if strings.ContainsAny(v.Value, "'\\\n\r") {
		return "", vault.WithHint(fmt.Errorf("%s holds a quote, backslash or line break, which dotenv files cannot carry safely", v.Name),
			"use --format=export, or fix the value where it comes from (the region in the config file)")
	}
	return v.Name + "='" + v.Value + "'", nil
}

// processJSON is the credential_process document (Version 1), indented as aws-vault prints it.
func processJSON(c aws.Credentials) (string, error) {
	doc := struct {
		Version         int    `json:"Version"`
		AccessKeyID     string `json:"AccessKeyId"`
		SecretAccessKey string `json:"SecretAccessKey"`
		SessionToken    string `json:"SessionToken,omitempty"`
		Expiration      string `json:"Expiration,omitempty"`
	}{Version: 1, AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}
	if c.CanExpire {
		doc.Expiration = iso8601(c.Expires)
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode credentials: %w", err)
	}
	return string(b) + "\n", nil
}

// ExportLines are the `export` lines of vars (names and values that need no refusal).
func ExportLines(vars []EnvVar) string {
	out, _ := FormatVars("export", vars)
	return out
}

// EnvironList turns an Env into os/exec's KEY=value list, sorted for reproducibility.
func EnvironList(env vault.Env) []string {
	out := make([]string, 0, len(env))
	for _, k := range slices.Sorted(maps.Keys(env)) {
		out = append(out, k+"="+env[k])
	}
	return out
}
