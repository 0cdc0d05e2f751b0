package vault

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
)

// SSOAccount is an AWS account the signed-in user can reach through IAM Identity Center.
type SSOAccount struct {
	ID, Name, Email string
}

// maxSSOPages bounds the pages one listing follows, so a portal that keeps answering a next
// token cannot keep a command busy forever (1,000 pages is far past any real organisation).
const maxSSOPages = 1000

// SSOAccounts lists every account the user of s can reach (ListAccounts, all pages), signing
// in first when needed.
func (v *Vault) SSOAccounts(ctx context.Context, s SSOSession) ([]SSOAccount, error) {
	var all []SSOAccount
	err := v.ssoPages(ctx, s, "list iam identity center accounts of "+s.StartURL, func(token string, next *string) (*string, error) {
		if next == nil {
			all = all[:0] // a restart after a 401
		}
		out, err := v.portalClient(s.Region).ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: aws.String(token), NextToken: next})
		if err != nil {
			return nil, err
		}
		for _, a := range out.AccountList {
			all = append(all, SSOAccount{ID: aws.ToString(a.AccountId), Name: aws.ToString(a.AccountName), Email: aws.ToString(a.EmailAddress)})
		}
		return out.NextToken, nil
	})
	return all, err
}

// SSOAccountRoles lists the roles (permission sets) the user of s has in accountID
// (ListAccountRoles, all pages), signing in first when needed.
func (v *Vault) SSOAccountRoles(ctx context.Context, s SSOSession, accountID string) ([]string, error) {
	var roles []string
	what := fmt.Sprintf("list iam identity center roles in account %s", accountID)
	err := v.ssoPages(ctx, s, what, func(token string, next *string) (*string, error) {
		if next == nil {
			roles = roles[:0]
		}
		out, err := v.portalClient(s.Region).ListAccountRoles(ctx, &sso.ListAccountRolesInput{
			AccessToken: aws.String(token), AccountId: aws.String(accountID), NextToken: next})
		if err != nil {
			return nil, err
		}
		for _, r := range out.RoleList {
			roles = append(roles, aws.ToString(r.RoleName))
		}
		return out.NextToken, nil
	})
	return roles, err
}

// ssoPages calls page with each next token until the portal gives none. A 401 restarts the
// listing once with a new token (withSSOToken), from the first page.
func (v *Vault) ssoPages(ctx context.Context, s SSOSession, what string, page func(token string, next *string) (*string, error)) error {
	return v.withSSOToken(ctx, s, what, func(token string) error {
		var next *string
		for range maxSSOPages {
			var err error
			if next, err = page(token, next); err != nil {
				return err
			}
			if aws.ToString(next) == "" {
				return nil
			}
		}
		return WithHint(fmt.Errorf("more than %d pages", maxSSOPages), ssoBadAnswerHint)
	})
}
