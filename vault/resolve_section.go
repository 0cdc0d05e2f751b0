package vault

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Keys aws-vault reads from a profile section (research/aws-vault.md §3).
const (
	cfgKeyMFASerial               = "mfa_serial"
	cfgKeyMFAProcess              = "mfa_process"
	cfgKeyRoleARN                 = "role_arn"
	cfgKeyExternalID              = "external_id"
	cfgKeyRegion                  = "region"
	cfgKeyRoleSessionName         = "role_session_name"
	cfgKeyDurationSeconds         = "duration_seconds"
	cfgKeySourceProfile           = "source_profile"
	cfgKeyIncludeProfile          = "include_profile"
	cfgKeySSOSession              = "sso_session"
	cfgKeySSOStartURL             = "sso_start_url"
	cfgKeySSORegion               = "sso_region"
	cfgKeySSOAccountID            = "sso_account_id"
	cfgKeySSORoleName             = "sso_role_name"
	cfgKeySSORegistrationScopes   = "sso_registration_scopes"
	cfgKeyWebIdentityTokenFile    = "web_identity_token_file"
	cfgKeyWebIdentityTokenProcess = "web_identity_token_process"
	cfgKeySTSRegionalEndpoints    = "sts_regional_endpoints"
	cfgKeySessionTags             = "session_tags"
	cfgKeyTransitiveSessionTags   = "transitive_session_tags"
	cfgKeySourceIdentity          = "source_identity"
	cfgKeyCredentialProcess       = "credential_process"
)

// Vaultbar's own profile keys. aws-vault and the AWS CLI ignore unknown keys, so they can
// live next to the profile they describe.
const (
	cfgKeyVaultbarBrowser          = "vaultbar_browser"
	cfgKeyVaultbarBrowserCommand   = "vaultbar_browser_command"
	cfgKeyVaultbarIsolation        = "vaultbar_isolation"
	cfgKeyVaultbarColor            = "vaultbar_color"
	cfgKeyVaultbarIcon             = "vaultbar_icon"
	cfgKeyVaultbarConsoleDuration  = "vaultbar_console_duration"
	cfgKeyVaultbarFederationPolicy = "vaultbar_federation_policy"
)

// cfgProfileKeys decides whether [default] is empty.
var cfgProfileKeys = []string{
	cfgKeyMFASerial, cfgKeyMFAProcess, cfgKeyRoleARN, cfgKeyExternalID, cfgKeyRegion,
	cfgKeyRoleSessionName, cfgKeyDurationSeconds, cfgKeySourceProfile, cfgKeyIncludeProfile,
	cfgKeySSOSession, cfgKeySSOStartURL, cfgKeySSORegion, cfgKeySSOAccountID, cfgKeySSORoleName,
	cfgKeySSORegistrationScopes, cfgKeyWebIdentityTokenFile, cfgKeyWebIdentityTokenProcess,
	cfgKeySTSRegionalEndpoints, cfgKeySessionTags, cfgKeyTransitiveSessionTags,
	cfgKeySourceIdentity, cfgKeyCredentialProcess,
}

// cfgPlainFields are the keys copied verbatim into a Profile field.
var cfgPlainFields = map[string]func(*Profile) *string{
	cfgKeyMFASerial:                func(p *Profile) *string { return &p.MFASerial },
	cfgKeyMFAProcess:               func(p *Profile) *string { return &p.MFAProcess },
	cfgKeyRoleARN:                  func(p *Profile) *string { return &p.RoleARN },
	cfgKeyExternalID:               func(p *Profile) *string { return &p.ExternalID },
	cfgKeyRegion:                   func(p *Profile) *string { return &p.Region },
	cfgKeyRoleSessionName:          func(p *Profile) *string { return &p.RoleSessionName },
	cfgKeySourceProfile:            func(p *Profile) *string { return &p.SourceProfileName },
	cfgKeySSOAccountID:             func(p *Profile) *string { return &p.SSOAccountID },
	cfgKeySSORoleName:              func(p *Profile) *string { return &p.SSORoleName },
	cfgKeyWebIdentityTokenFile:     func(p *Profile) *string { return &p.WebIdentityTokenFile },
	cfgKeyWebIdentityTokenProcess:  func(p *Profile) *string { return &p.WebIdentityTokenProcess },
	cfgKeySTSRegionalEndpoints:     func(p *Profile) *string { return &p.STSRegionalEndpoints },
	cfgKeySourceIdentity:           func(p *Profile) *string { return &p.SourceIdentity },
	cfgKeyVaultbarBrowser:          func(p *Profile) *string { return &p.Vaultbar.Browser },
	cfgKeyVaultbarBrowserCommand:   func(p *Profile) *string { return &p.Vaultbar.BrowserCommand },
	cfgKeyVaultbarIsolation:        func(p *Profile) *string { return &p.Vaultbar.Isolation },
	cfgKeyVaultbarColor:            func(p *Profile) *string { return &p.Vaultbar.Color },
	cfgKeyVaultbarIcon:             func(p *Profile) *string { return &p.Vaultbar.Icon },
	cfgKeyVaultbarConsoleDuration:  func(p *Profile) *string { return &p.Vaultbar.ConsoleDuration },
	cfgKeyVaultbarFederationPolicy: func(p *Profile) *string { return &p.Vaultbar.FederationPolicy },
	cfgKeyCredentialProcess:        func(p *Profile) *string { return &p.CredentialProcess },
}

// cfgFill sets *dst to v unless a more specific layer already set it.
func cfgFill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// fillFromSection fills the fields of p still empty from one profile section.
func (r *resolution) fillFromSection(p *Profile, profileName string, sec cfgSection) error {
	if err := r.fillSSO(p, profileName, sec); err != nil {
		return err
	}
	// Ranging over the few keys present beats looking up every known key.
	for _, e := range sec {
		if field, ok := cfgPlainFields[e.key]; ok {
			cfgFill(field(p), e.value)
		}
	}
	return r.fillParsed(p, profileName, sec)
}

// fillSSO applies sso_session: the [sso-session NAME] values win over the inline sso_*
// keys of the same and less specific sections; inline values only fill what it leaves empty.
func (r *resolution) fillSSO(p *Profile, profileName string, sec cfgSection) error {
	if p.SSOSession == "" && sec.get(cfgKeySSOSession) != "" {
		p.SSOSession = sec.get(cfgKeySSOSession)
		sso, ok := r.view.ssoSessionSection(p.SSOSession)
		if !ok {
			return r.errorf(fmt.Sprintf("add an [sso-session %s] section or fix sso_session in [%s]", p.SSOSession, cfgSectionOfProfile(profileName)),
				"[%s]: sso_session %q has no [sso-session %s] section", cfgSectionOfProfile(profileName), p.SSOSession, p.SSOSession)
		}
		cfgFill(&p.SSOStartURL, sso.get(cfgKeySSOStartURL))
		cfgFill(&p.SSORegion, sso.get(cfgKeySSORegion))
		cfgFill(&p.SSORegistrationScopes, sso.get(cfgKeySSORegistrationScopes))
	}
	cfgFill(&p.SSOStartURL, sec.get(cfgKeySSOStartURL))
	cfgFill(&p.SSORegion, sec.get(cfgKeySSORegion))
	cfgFill(&p.SSORegistrationScopes, sec.get(cfgKeySSORegistrationScopes))
	return nil
}

// fillParsed fills the fields whose values need parsing.
func (r *resolution) fillParsed(p *Profile, profileName string, sec cfgSection) error {
	if v := sec.get(cfgKeyDurationSeconds); v != "" && p.AssumeRoleDuration == 0 {
		d, err := cfgParseSeconds(v)
		if err != nil {
			return r.errorf("write duration_seconds as a whole number of seconds, e.g. 3600",
				"[%s]: duration_seconds: %v", cfgSectionOfProfile(profileName), err)
		}
		p.AssumeRoleDuration = d
	}
	if v := sec.get(cfgKeySessionTags); v != "" && p.SessionTags == nil {
		tags, err := cfgParseSessionTags(v)
		if err != nil {
			return r.errorf("write session_tags = key1=value1,key2=value2",
				"[%s]: session_tags: %v", cfgSectionOfProfile(profileName), err)
		}
		p.SessionTags = tags
	}
	if v := sec.get(cfgKeyTransitiveSessionTags); v != "" && p.TransitiveSessionTags == nil {
		keys, err := cfgParseTransitiveTags(v)
		if err != nil {
			return r.errorf("write transitive_session_tags = key1,key2 (tag keys only)",
				"[%s]: transitive_session_tags: %v", cfgSectionOfProfile(profileName), err)
		}
		p.TransitiveSessionTags = keys
	}
	return nil
}

// cfgParseSeconds reads duration_seconds. aws-vault silently ignores a bad value; Vaultbar
// reports it, because a silently shorter session is hard to diagnose.
func cfgParseSeconds(v string) (time.Duration, error) {
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%q is not a positive number of seconds", v)
	}
	return time.Duration(n) * time.Second, nil
}

// cfgParseSessionTags reads "k1=v1,k2=v2"; spaces around keys and values are trimmed and
// empty items (a trailing comma) skipped.
func cfgParseSessionTags(v string) (map[string]string, error) {
	tags := make(map[string]string)
	for item := range strings.SplitSeq(v, ",") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		k, val, ok := strings.Cut(item, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("%q is not key=value", strings.TrimSpace(item))
		}
		tags[k] = strings.TrimSpace(val)
	}
	return tags, nil
}

// cfgParseTransitiveTags reads "k1,k2"; spaces are trimmed and empty items skipped.
func cfgParseTransitiveTags(v string) ([]string, error) {
	var keys []string
	for item := range strings.SplitSeq(v, ",") {
		k := strings.TrimSpace(item)
		if k == "" {
			continue
		}
		if strings.Contains(k, "=") {
			return nil, fmt.Errorf("%q is a key=value pair, not a tag key", k)
		}
		keys = append(keys, k)
	}
	if keys == nil {
		keys = []string{}
	}
	return keys, nil
}
