package vault

import (
	"context"
	"fmt"
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
	err := v.ssoPages(ctx, s, "list iam identity center accounts of "+s.StartURL, func(token, next string) (string, error) {
		if next == "" {
			all = all[:0] // a restart after a 401
		}
		out, err := v.portalClient(s.Region).ListAccounts(ctx, token, next)
		if err != nil {
			return "", err
		}
		for _, a := range out.AccountList {
			all = append(all, SSOAccount{ID: a.AccountID, Name: a.AccountName, Email: a.EmailAddress})
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
	err := v.ssoPages(ctx, s, what, func(token, next string) (string, error) {
		if next == "" {
			roles = roles[:0]
		}
		out, err := v.portalClient(s.Region).ListAccountRoles(ctx, token, accountID, next)
		if err != nil {
			return "", err
		}
		for _, r := range out.RoleList {
			roles = append(roles, r.RoleName)
		}
		return out.NextToken, nil
	})
	return roles, err
}

// ssoPages calls page with each next token until the portal gives none. A 401 restarts the
// listing once with a new token (withSSOToken), from the first page.
func (v *Vault) ssoPages(ctx context.Context, s SSOSession, what string, page func(token, next string) (string, error)) error {
	return v.withSSOToken(ctx, s, what, func(token string) error {
		next := ""
		for range maxSSOPages {
			var err error
			if next, err = page(token, next); err != nil {
				return err
			}
			if next == "" {
				return nil
			}
		}
		return WithHint(fmt.Errorf("more than %d pages", maxSSOPages), ssoBadAnswerHint)
	})
}
