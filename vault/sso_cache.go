package vault

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// sso is an IAM Identity Center profile's provider: role credentials cached exactly as
// aws-vault caches them (sso.GetRoleCredentials, keyed by the profile and the start URL).
func (b *chainBuilder) sso(p *Profile) aws.CredentialsProvider {
	key := SessionKey{Type: SessionTypeSSO, Profile: p.Name, MFASerial: p.SSOStartURL}
	return &ssoCachedProvider{c: &cachedProvider{v: b.v, key: key, inner: &ssoProvider{v: b.v, profile: p}}}
}

// ssoCachedProvider is cachedProvider with a refresh that stops when nobody waits for it
// any more: unlike an STS call, a refresh here may be a sign-in that polls for minutes, and
// a cancelled request (Ctrl-C, the menu's Cancel) must not leave it running.
type ssoCachedProvider struct{ c *cachedProvider }

func (p *ssoCachedProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	if creds, ok, err := p.c.lookup(); ok || err != nil {
		return creds, err
	}
	val, err := p.c.v.ssoFlights.Do(ctx, "role\x00"+p.c.flightKey(), func(ctx context.Context) (any, error) {
		return p.c.refresh(ctx)
	})
	if err != nil {
		return aws.Credentials{}, err
	}
	return val.(aws.Credentials), nil
}
