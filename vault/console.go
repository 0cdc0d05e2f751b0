package vault

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// ConsoleKind says how console credentials were obtained. AWS's federation endpoint accepts
// a console SessionDuration only for roles assumed with long-term keys, so the sign-in needs it.
type ConsoleKind int

const (
	// ConsoleRoleFromKeys: AssumeRole called with an IAM user's long-term keys.
	ConsoleRoleFromKeys ConsoleKind = iota + 1
	// ConsoleRoleFromSession: AssumeRole called with temporary credentials (role chaining).
	ConsoleRoleFromSession
	// ConsoleFederation: GetFederationToken over an IAM user's keys.
	ConsoleFederation
	// ConsoleSSORole: IAM Identity Center role credentials (GetRoleCredentials).
	ConsoleSSORole
)

// ConsoleCredentials are credentials the AWS console accepts, and how they were obtained.
type ConsoleCredentials struct {
	Credentials aws.Credentials
	Kind        ConsoleKind
}

// ConsoleCredentials returns credentials for signing p in to the console. Roles are used as
// they are; an IAM user's keys are exchanged with GetFederationToken (the console refuses
// GetSessionToken sessions, so the requested profile never gets one).
func (v *Vault) ConsoleCredentials(ctx context.Context, p *Profile, o CredentialOptions) (ConsoleCredentials, error) {
	o.NoSessionFor = p.Name
	b := &chainBuilder{v: v, opts: o}
	prov, err := b.provider(p)
	if err != nil {
		return ConsoleCredentials{}, err
	}
	creds, err := prov.Retrieve(ctx)
	if err != nil {
		return ConsoleCredentials{}, fmt.Errorf("get console credentials for profile %s: %w", p.Name, err)
	}
	switch {
	case p.HasRole() && b.roleFromKeys:
		return ConsoleCredentials{creds, ConsoleRoleFromKeys}, nil
	case p.HasRole():
		return ConsoleCredentials{creds, ConsoleRoleFromSession}, nil
	case creds.SessionToken == "":
		fed, err := v.FederationToken(ctx, p, creds)
		return ConsoleCredentials{fed, ConsoleFederation}, err
	}
	return v.consoleFromSession(ctx, p, creds)
}

// consoleFromSession accepts temporary credentials from elsewhere (credential_process) only
// when they belong to an assumed role: user sessions cannot sign in to the console.
func (v *Vault) consoleFromSession(ctx context.Context, p *Profile, creds aws.Credentials) (ConsoleCredentials, error) {
	id, err := v.stsClient(p, staticCreds(creds)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return ConsoleCredentials{}, stsError("get caller identity for profile "+p.Name, p, err)
	}
	if arn := aws.ToString(id.Arn); !strings.Contains(arn, ":assumed-role/") {
		return ConsoleCredentials{}, WithHint(fmt.Errorf("profile %s: its credentials belong to %s, which cannot sign in to the console", p.Name, arn),
			"give the profile a role_arn, or store the IAM user's keys with `vaultbar add`")
	}
	return ConsoleCredentials{creds, ConsoleRoleFromSession}, nil
}
