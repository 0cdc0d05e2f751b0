package vault

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// ssoProvider gets a profile's role credentials from IAM Identity Center (GetRoleCredentials)
// with the start URL's access token.
type ssoProvider struct {
	v       *Vault
	profile *Profile
}

func (p *ssoProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	prof := p.profile
	if prof.SSOAccountID == "" || prof.SSORoleName == "" {
		return aws.Credentials{}, WithHint(fmt.Errorf("profile %s: %w: sso_account_id and sso_role_name are both required", prof.Name, ErrConfig),
			"add them to [profile %s]", prof.Name)
	}
	s := SSOSessionOf(prof)
	what := fmt.Sprintf("get role %s in account %s for profile %s", prof.SSORoleName, prof.SSOAccountID, prof.Name)
	var rc portalRoleCredentials
	err := p.v.withSSOToken(ctx, s, what, func(token string) (err error) {
		rc, err = p.v.portalClient(s.Region).GetRoleCredentials(ctx, token, prof.SSOAccountID, prof.SSORoleName)
		return err
	})
	if err != nil {
		return aws.Credentials{}, err
	}
	if rc.AccessKeyID == "" || rc.SecretAccessKey == "" || rc.Expiration == 0 {
		return aws.Credentials{}, ssoError(what, errEmptyAnswer)
	}
	return aws.Credentials{
		AccessKeyID:     rc.AccessKeyID,
		SecretAccessKey: rc.SecretAccessKey,
		SessionToken:    rc.SessionToken,
		Source:          SessionTypeSSO,
		CanExpire:       true,
		Expires:         time.UnixMilli(rc.Expiration).UTC(),
	}, nil
}

// withSSOToken runs a portal call with s's access token. A 401 to a cached token means it
// was revoked or signed out: the token is dropped and the call made once more with a new
// one, as aws-vault does.
func (v *Vault) withSSOToken(ctx context.Context, s SSOSession, what string, call func(token string) error) error {
	token, cached, err := v.ssoToken(ctx, s)
	if err != nil {
		return err
	}
	err = call(token)
	if ssoAPICode(err) == "UnauthorizedException" && cached {
		if err := v.store.dropSSOToken(s.StartURL, token); err != nil {
			return err
		}
		if token, _, err = v.ssoToken(ctx, s); err != nil {
			return err
		}
		err = call(token)
	}
	if err != nil {
		return ssoError(what, err)
	}
	return nil
}
