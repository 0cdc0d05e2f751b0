package vault

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// chainBuilder builds one provider chain. It remembers the MFA serial a GetSessionToken lower
// in the chain used, so a role higher up with the same serial is assumed without a second
// code ("chained MFA"), as aws-vault does, but without mutating the profiles.
type chainBuilder struct {
	v          *Vault
	opts       CredentialOptions
	chainedMFA string
	// roleFromKeys records, for the last role built (the requested profile's, as sources
	// are built first), whether it is assumed with long-term keys rather than a session.
	roleFromKeys bool
}

func (b *chainBuilder) provider(p *Profile) (aws.CredentialsProvider, error) {
	hasKeys, err := b.v.store.HasCredentials(p.Name)
	if err != nil {
		return nil, err
	}
	b.v.debug.Printf("keyring: %s has stored access keys: %t", p.Name, hasKeys)
	switch {
	case hasKeys || p.SourceProfileName != "":
		return b.sourced(p, hasKeys)
	case p.HasSSO():
		return b.sso(p), nil
	case p.WebIdentityTokenFile != "" || p.WebIdentityTokenProcess != "":
		return b.cached(SessionTypeWebIdentity, p, "", &webIdentityProvider{v: b.v, profile: p}), nil
	case p.CredentialProcess != "":
		return b.cached(SessionTypeCredentialProcess, p, "", &processProvider{v: b.v, profile: p}), nil
	}
	return nil, WithHint(fmt.Errorf("profile %s: %w", p.Name, ErrNoCredentials),
		"store access keys with `vaultbar add %s`, or give the profile a source_profile", p.Name)
}

// sourced is the path for profiles with stored keys or a source_profile: base credentials,
// then AssumeRole when the profile has a role, else GetSessionToken over raw keys when allowed.
func (b *chainBuilder) sourced(p *Profile, hasKeys bool) (aws.CredentialsProvider, error) {
	var base aws.CredentialsProvider = &keysProvider{store: b.v.store, profile: p.Name, debug: b.v.debug}
	if !hasKeys {
		if p.Source == nil {
			return nil, fmt.Errorf("profile %s: source_profile %s: %w", p.Name, p.SourceProfileName, ErrConfig)
		}
		var err error
		if base, err = b.provider(p.Source); err != nil {
			return nil, err
		}
	}
	if p.HasRole() {
		return b.role(p, base), nil
	}
	if hasKeys && b.canUseSessionToken(p) {
		b.chainedMFA = p.MFASerial
		return b.cached(SessionTypeSessionToken, p, p.MFASerial, &sessionTokenProvider{v: b.v, base: base, profile: p}), nil
	}
	return base, nil
}

// role assumes p's role over base. The MFA serial is dropped when a session lower in the
// chain was already opened with it. Every result is cached: under the serial sent, exactly
// where aws-vault looks, or with an empty serial, which aws-vault never reads for AssumeRole,
// so role sessions reached through a chained MFA session are reused for their lifetime too.
func (b *chainBuilder) role(p *Profile, base aws.CredentialsProvider) aws.CredentialsProvider {
	_, b.roleFromKeys = base.(*keysProvider)
	serial := p.MFASerial
	if serial != "" && serial == b.chainedMFA {
		serial = ""
	}
	return b.cached(SessionTypeAssumeRole, p, serial, &assumeRoleProvider{v: b.v, base: base, profile: p, mfaSerial: serial})
}

// canUseSessionToken is aws-vault's rule for putting GetSessionToken under a profile's keys.
func (b *chainBuilder) canUseSessionToken(p *Profile) bool {
	if b.opts.NoSession || b.opts.NoSessionFor == p.Name {
		return false
	}
	role := p.ChainedFrom
	if role == nil {
		return true
	}
	return p.MFASerial != "" && role.MFASerial == p.MFASerial && role.AssumeRoleDuration <= roleChainingMaxDuration
}

func (b *chainBuilder) cached(typ string, p *Profile, serial string, inner aws.CredentialsProvider) aws.CredentialsProvider {
	return &cachedProvider{v: b.v, key: SessionKey{Type: typ, Profile: p.Name, MFASerial: serial}, inner: inner, minTTL: b.opts.MinTTL}
}
