package vault

import (
	"context"
	"strings"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// Logf writes one line of debug output (--debug). A nil Logf writes nothing. Callers pass
// it names, session types, durations and masked access key ids (MaskKeyID), never a secret
// access key, a session token or an MFA code.
type Logf func(format string, args ...any)

// Printf logs one line when l is set.
func (l Logf) Printf(format string, args ...any) {
	if l != nil {
		l(format, args...)
	}
}

// MaskKeyID shows an access key id as aws-vault's debug output does: all but its last four
// characters starred, so two keys can be told apart without the id being copied from a log.
func MaskKeyID(id string) string {
	if len(id) <= 4 {
		return strings.Repeat("*", len(id))
	}
	return strings.Repeat("*", 16) + id[len(id)-4:]
}

// debugCalls logs each AWS operation the Vault makes, its region and how long it took, after
// the SDK's retries (so the time a user waited). Only the operation's name and the error are
// logged: never the request or the answer, which carry keys and tokens.
func (v *Vault) debugCalls(stack *middleware.Stack) error {
	if v.debug == nil {
		return nil
	}
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("VaultbarDebug",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			start := time.Now()
			out, md, err := next.HandleInitialize(ctx, in)
			op := awsmiddleware.GetServiceID(ctx) + " " + awsmiddleware.GetOperationName(ctx)
			v.debugCall(op, awsmiddleware.GetRegion(ctx), time.Since(start), err)
			return out, md, err
		}), middleware.Before)
}

// debugCall logs one AWS operation ("STS AssumeRole", "IAM GetUser") for --debug: the SDK's
// calls through debugCalls, IAM's and IAM Identity Center's through their own clients.
func (v *Vault) debugCall(op, region string, took time.Duration, err error) {
	took = took.Round(time.Microsecond)
	if err != nil {
		v.debug.Printf("aws: %s (%s) failed after %s: %v", op, region, took, err)
		return
	}
	v.debug.Printf("aws: %s (%s) took %s", op, region, took)
}

// DebugSummary says, for --debug, what resolving a profile gave: the keys that choose how its
// credentials are got, and the same for its source_profile chain. None of them is a secret
// (an MFA device's ARN and a role's are names, not credentials; --mfa-token is only said
// to be set).
func (p *Profile) DebugSummary() string {
	var parts []string
	add := func(key, value string) {
		if value != "" {
			parts = append(parts, key+"="+value)
		}
	}
	add("region", p.Region)
	add("mfa_serial", p.MFASerial)
	if p.MFAToken != "" {
		parts = append(parts, "mfa code from --mfa-token")
	}
	if p.MFAProcess != "" {
		parts = append(parts, "mfa_process set")
	}
	add("role_arn", p.RoleARN)
	add("source_profile", p.SourceProfileName)
	add("sso_session", p.SSOSession)
	add("sso_account_id", p.SSOAccountID)
	add("sso_role_name", p.SSORoleName)
	if p.CredentialProcess != "" {
		parts = append(parts, "credential_process set")
	}
	add("web_identity_token_file", p.WebIdentityTokenFile)
	if p.HasRole() {
		add("duration_seconds", p.AssumeRoleDuration.String())
	} else {
		add("session duration", p.SessionTokenDuration().String())
	}
	s := "profile " + p.Name + ": " + strings.Join(parts, ", ")
	if p.Source != nil {
		s += "; " + p.Source.DebugSummary()
	}
	return s
}
