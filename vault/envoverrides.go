package vault

import "time"

// Environment variables aws-vault reads for every profile in the chain.
const (
	envRegion               = "AWS_REGION"
	envDefaultRegion        = "AWS_DEFAULT_REGION"
	envSTSRegionalEndpoints = "AWS_STS_REGIONAL_ENDPOINTS"
	envMFASerial            = "AWS_MFA_SERIAL"
	envAssumeRoleTTL        = "AWS_ASSUME_ROLE_TTL"
	envSessionTokenTTL      = "AWS_SESSION_TOKEN_TTL"
	envChainedSessionTTL    = "AWS_CHAINED_SESSION_TOKEN_TTL"
	envFederationTokenTTL   = "AWS_FEDERATION_TOKEN_TTL"
)

// Environment variables aws-vault reads for the requested profile only: applying them to a
// source profile would make it assume the same role.
const (
	envRoleARN         = "AWS_ROLE_ARN"
	envRoleSessionName = "AWS_ROLE_SESSION_NAME"
	envSessionTags     = "AWS_SESSION_TAGS"
	envTransitiveTags  = "AWS_TRANSITIVE_TAGS"
	envSourceIdentity  = "AWS_SOURCE_IDENTITY"
	// envWebIdentityTokenFile is not read by aws-vault; the AWS CLI and SDKs read it for the
	// profile in use, ahead of its web_identity_token_file, together with AWS_ROLE_ARN.
	envWebIdentityTokenFile = "AWS_WEB_IDENTITY_TOKEN_FILE"
)

// applyEnv fills the fields the flags left empty from the environment.
func (r *resolution) applyEnv(p *Profile, active bool) error {
	env := r.Env
	cfgFill(&p.Region, env.Get(envRegion))
	cfgFill(&p.Region, env.Get(envDefaultRegion))
	cfgFill(&p.STSRegionalEndpoints, env.Get(envSTSRegionalEndpoints))
	cfgFill(&p.MFASerial, env.Get(envMFASerial))
	envFillDuration(&p.AssumeRoleDuration, env.Get(envAssumeRoleTTL))
	envFillDuration(&p.NonChainedSessionDuration, env.Get(envSessionTokenTTL))
	envFillDuration(&p.ChainedSessionTokenDuration, env.Get(envChainedSessionTTL))
	envFillDuration(&p.FederationTokenDuration, env.Get(envFederationTokenTTL))
	if !active {
		return nil
	}
	cfgFill(&p.RoleARN, env.Get(envRoleARN))
	cfgFill(&p.RoleSessionName, env.Get(envRoleSessionName))
	cfgFill(&p.SourceIdentity, env.Get(envSourceIdentity))
	cfgFill(&p.WebIdentityTokenFile, env.Get(envWebIdentityTokenFile))
	return r.applyEnvTags(p)
}

// applyEnvTags reads the tag variables, which use the session_tags and
// transitive_session_tags formats.
func (r *resolution) applyEnvTags(p *Profile) error {
	if v := r.Env.Get(envSessionTags); v != "" && p.SessionTags == nil {
		tags, err := cfgParseSessionTags(v)
		if err != nil {
			return WithHint(cfgErrorf("%s: %v", envSessionTags, err),
				"set %s=key1=value1,key2=value2", envSessionTags)
		}
		p.SessionTags = tags
	}
	if v := r.Env.Get(envTransitiveTags); v != "" && p.TransitiveSessionTags == nil {
		keys, err := cfgParseTransitiveTags(v)
		if err != nil {
			return WithHint(cfgErrorf("%s: %v", envTransitiveTags, err),
				"set %s=key1,key2 (tag keys only)", envTransitiveTags)
		}
		p.TransitiveSessionTags = keys
	}
	return nil
}

// envFillDuration sets *dst from a Go duration ("12h", "43200s") unless already set. Like
// aws-vault, an unparsable value is ignored; so is a non-positive one, which STS rejects.
func envFillDuration(dst *time.Duration, v string) {
	if *dst != 0 || v == "" {
		return
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		*dst = d
	}
}
