package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// envFormats are the output formats of `vaultbar env`. "env" and "json" are byte for byte
// aws-vault's `export --format=env|json`; "export" is its `export-env`.
var envFormats = []string{"export", "env", "fish", "powershell", "dotenv", "json"}

type envVar struct{ name, value string }

// credentialVars lists the variables in aws-vault's order; the session token and expiration
// only when the credentials have them.
func credentialVars(c aws.Credentials, region string) []envVar {
	vars := []envVar{{"AWS_ACCESS_KEY_ID", c.AccessKeyID}, {"AWS_SECRET_ACCESS_KEY", c.SecretAccessKey}}
	if c.SessionToken != "" {
		vars = append(vars, envVar{"AWS_SESSION_TOKEN", c.SessionToken})
	}
	if c.CanExpire {
		vars = append(vars, envVar{"AWS_CREDENTIAL_EXPIRATION", iso8601(c.Expires)})
	}
	return append(vars, regionVars(region)...)
}

// regionVars sets the region twice because boto3 reads only AWS_DEFAULT_REGION.
func regionVars(region string) []envVar {
	if region == "" {
		return nil
	}
	return []envVar{{"AWS_REGION", region}, {"AWS_DEFAULT_REGION", region}}
}

// iso8601 is the expiry format every AWS SDK reads.
func iso8601(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// formatEnv renders credentials in one of envFormats.
func formatEnv(format string, c aws.Credentials, region string) (string, error) {
	if format == "json" {
		return processJSON(c)
	}
	return formatVars(format, credentialVars(c, region))
}

// formatVars renders variables as one shell's assignments.
func formatVars(format string, vars []envVar) (string, error) {
	line := map[string]func(envVar) string{
		"env":        func(v envVar) string { return v.name + "=" + v.value },
		"export":     func(v envVar) string { return "export " + v.name + "=" + v.value },
		"fish":       func(v envVar) string { return "set -gx " + v.name + " " + singleQuote(v.value, `\'`) + ";" },
		"powershell": func(v envVar) string { return "$Env:" + v.name + " = " + singleQuote(v.value, "''") },
		"dotenv":     func(v envVar) string { return v.name + "=" + dotenvValue(v.value) },
	}[format]
	if line == nil {
		return "", usagef("unknown format %q", format)
	}
	var b strings.Builder
	for _, v := range vars {
		b.WriteString(line(v) + "\n")
	}
	return b.String(), nil
}

// singleQuote quotes s for shells whose single quotes are literal except for the quote itself.
func singleQuote(s, escapedQuote string) string {
	return "'" + strings.ReplaceAll(s, "'", escapedQuote) + "'"
}

// dotenvValue leaves plain values bare and double-quotes the rest.
func dotenvValue(s string) string {
	if strings.ContainsAny(s, " \t\"'#$\\\n") {
		return fmt.Sprintf("%q", s)
	}
	return s
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
