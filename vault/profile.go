package vault

import "time"

// aws-vault's built-in durations (research/aws-vault.md §3, step 6).
const (
	DefaultAssumeRoleDuration          = time.Hour
	DefaultSessionTokenDuration        = time.Hour
	DefaultChainedSessionTokenDuration = 8 * time.Hour
	DefaultFederationTokenDuration     = time.Hour
)

// Profile is one profile of the config file after aws-vault's resolution: flags, then the
// environment, then the section, then include_profile or [default], then built-in defaults.
type Profile struct {
	Name string

	Region               string
	STSRegionalEndpoints string
	MFASerial            string
	MFAProcess           string
	MFAToken             string // from --mfa-token only

	RoleARN               string
	ExternalID            string
	RoleSessionName       string
	SourceIdentity        string
	SessionTags           map[string]string
	TransitiveSessionTags []string

	// SourceProfileName is source_profile as written (empty when it named the profile itself).
	SourceProfileName string
	// Source is the resolved source profile, nil when there is none.
	Source *Profile
	// ChainedFrom points back from a source profile to the profile that uses it.
	ChainedFrom *Profile

	CredentialProcess       string
	WebIdentityTokenFile    string
	WebIdentityTokenProcess string

	SSOSession            string
	SSOStartURL           string
	SSORegion             string
	SSOAccountID          string
	SSORoleName           string
	SSORegistrationScopes string

	// Vaultbar holds Vaultbar's own keys (vaultbar_*), inherited like aws-vault's.
	Vaultbar VaultbarKeys

	AssumeRoleDuration          time.Duration
	NonChainedSessionDuration   time.Duration // GetSessionToken when nothing chains from this profile
	ChainedSessionTokenDuration time.Duration // GetSessionToken when a role profile uses this one as source
	FederationTokenDuration     time.Duration
}

// VaultbarKeys are the profile keys only Vaultbar reads, as written in the config file.
type VaultbarKeys struct {
	Browser          string // vaultbar_browser: a browser id, e.g. "chrome", "firefox", "custom"
	BrowserCommand   string // vaultbar_browser_command: the "custom" browser's command template
	Isolation        string // vaultbar_isolation: e.g. "profile-directory", "container"
	Color            string // vaultbar_color: Firefox container colour
	Icon             string // vaultbar_icon: Firefox container icon
	ConsoleDuration  string // vaultbar_console_duration: console session length, e.g. "8h"
	FederationPolicy string // vaultbar_federation_policy: session policy JSON for GetFederationToken
}

// SessionTokenDuration is the GetSessionToken duration aws-vault uses for this profile:
// the chained one (8 h by default) when another profile uses it as its source.
func (p *Profile) SessionTokenDuration() time.Duration {
	if p.ChainedFrom != nil {
		return p.ChainedSessionTokenDuration
	}
	return p.NonChainedSessionDuration
}

// HasRole reports whether the profile assumes a role.
func (p *Profile) HasRole() bool { return p.RoleARN != "" }

// HasSSO reports whether the profile gets its credentials from IAM Identity Center.
func (p *Profile) HasSSO() bool { return p.SSOStartURL != "" }
