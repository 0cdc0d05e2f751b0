package vault

import (
	"fmt"
	"strings"
)

// SSOSessionNamed reads [sso-session NAME]: the IAM Identity Center sign-in its profiles share.
// A missing section, start URL or region is a config error with a hint.
func (c *ConfigFile) SSOSessionNamed(name string) (SSOSession, error) {
	sec, ok := c.snapshot().ssoSessionSection(name)
	if !ok {
		return SSOSession{}, WithHint(cfgErrorf("no [sso-session %s] section", name),
			"add one with sso_start_url and sso_region, or name one of: %s", strings.Join(c.SSOSessionNames(), ", "))
	}
	p := &Profile{SSOSession: name, SSOStartURL: sec.get(cfgKeySSOStartURL), SSORegion: sec.get(cfgKeySSORegion),
		SSORegistrationScopes: sec.get(cfgKeySSORegistrationScopes)}
	for key, v := range map[string]string{cfgKeySSOStartURL: p.SSOStartURL, cfgKeySSORegion: p.SSORegion} {
		if v == "" {
			return SSOSession{}, WithHint(cfgErrorf("[sso-session %s] has no %s", name, key),
				"add %s to [sso-session %s], as `aws configure sso-session` writes it", key, name)
		}
	}
	return SSOSessionOf(p), nil
}

// SSOSessionOfProfile is the sign-in of an existing SSO profile, for populating from the
// legacy form (sso_start_url in each profile, no [sso-session]).
func (c *ConfigFile) SSOSessionOfProfile(env Env, name string) (SSOSession, error) {
	p, err := (&Resolver{File: c, Env: env}).Profile(name)
	if err != nil {
		return SSOSession{}, err
	}
	if !p.HasSSO() || p.SSORegion == "" {
		return SSOSession{}, WithHint(fmt.Errorf("profile %s does not sign in through iam identity center", name),
			"name an [sso-session] with --sso-session, or a profile with sso_start_url and sso_region")
	}
	return SSOSessionOf(p), nil
}
