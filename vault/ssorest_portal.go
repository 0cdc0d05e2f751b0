package vault

import (
	"context"
	"net/http"
	"net/url"
)

// The portal's answers, with the SDK's member names (service/sso's schemas). Its requests are
// GETs with the access token in x-amz-sso_bearer_token and the rest in the query.

type portalRoleCredentials struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken"`
	Expiration      int64  `json:"expiration"` // milliseconds since the epoch
}

type portalAccountsPage struct {
	NextToken   string `json:"nextToken"`
	AccountList []struct {
		AccountID    string `json:"accountId"`
		AccountName  string `json:"accountName"`
		EmailAddress string `json:"emailAddress"`
	} `json:"accountList"`
}

type portalRolesPage struct {
	NextToken string `json:"nextToken"`
	RoleList  []struct {
		RoleName string `json:"roleName"`
	} `json:"roleList"`
}

func (c *portalAPI) GetRoleCredentials(ctx context.Context, token, accountID, roleName string) (portalRoleCredentials, error) {
	var out struct {
		RoleCredentials portalRoleCredentials `json:"roleCredentials"`
	}
	err := c.call(ctx, ssoRequest{op: "GetRoleCredentials", method: http.MethodGet, path: "/federation/credentials",
		query: url.Values{"account_id": {accountID}, "role_name": {roleName}}, bearer: token}, &out)
	return out.RoleCredentials, err
}

// ListAccounts is one page of the accounts the token's user can reach; next is "" for the first.
func (c *portalAPI) ListAccounts(ctx context.Context, token, next string) (out portalAccountsPage, err error) {
	err = c.call(ctx, ssoRequest{op: "ListAccounts", method: http.MethodGet, path: "/assignment/accounts",
		query: pageQuery(url.Values{}, next), bearer: token}, &out)
	return out, err
}

// ListAccountRoles is one page of the roles the token's user has in accountID.
func (c *portalAPI) ListAccountRoles(ctx context.Context, token, accountID, next string) (out portalRolesPage, err error) {
	err = c.call(ctx, ssoRequest{op: "ListAccountRoles", method: http.MethodGet, path: "/assignment/roles",
		query: pageQuery(url.Values{"account_id": {accountID}}, next), bearer: token}, &out)
	return out, err
}

// pageQuery adds the next token of a listing past its first page. max_result is left out, as
// the SDK leaves it out unless asked: the portal's own page size applies.
func pageQuery(q url.Values, next string) url.Values {
	if next != "" {
		q.Set("next_token", next)
	}
	return q
}
