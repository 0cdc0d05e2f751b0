package fakeaws

import (
	"cmp"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// SSORoleARN is the ARN of the role behind an account's permission set, as IAM Identity
// Center names them (the path is left out; AWS puts them under aws-reserved/sso.amazonaws.com/).
func SSORoleARN(account, role string) string {
	return "arn:aws:iam::" + account + ":role/AWSReservedSSO_" + role
}

func unauthorized() *ssoError {
	return &ssoError{http.StatusUnauthorized, "UnauthorizedException", "", "Session token not found or invalid"}
}

// bearer authenticates the portal's x-amz-sso_bearer_token.
func (f *SSO) bearer(r *http.Request) (*ssoToken, *ssoError) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.tokens[r.Header.Get("x-amz-sso_bearer_token")]
	if !ok || !f.now().Before(t.expires) {
		return nil, unauthorized()
	}
	return t, nil
}

type roleCredentialsOutput struct {
	RoleCredentials struct {
		AccessKeyID     string `json:"accessKeyId"`
		SecretAccessKey string `json:"secretAccessKey"`
		SessionToken    string `json:"sessionToken"`
		Expiration      int64  `json:"expiration"` // milliseconds since the epoch
	} `json:"roleCredentials"`
}

func (f *SSO) getRoleCredentials(r *http.Request) (any, *ssoError) {
	if _, err := f.bearer(r); err != nil {
		return nil, err
	}
	account, role := r.URL.Query().Get("account_id"), r.URL.Query().Get("role_name")
	if !f.hasRole(account, role) {
		return nil, &ssoError{http.StatusForbidden, "ForbiddenException", "", "No access"}
	}
	who := principal{kind: assumedRole, roleARN: SSORoleARN(account, role), session: "vaultbar-sso-user", account: account}
	c := f.sts.issue(who, cmp.Or(f.RoleTTL, time.Hour), "GetRoleCredentials", principal{})
	var out roleCredentialsOutput
	rc := &out.RoleCredentials
	rc.AccessKeyID, rc.SecretAccessKey, rc.SessionToken, rc.Expiration = c.akid, c.secret, c.token, c.expires.UnixMilli()
	return out, nil
}

func (f *SSO) hasRole(account, role string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Contains(f.roles[account], role)
}

type accountInfo struct {
	AccountID    string `json:"accountId"`
	AccountName  string `json:"accountName"`
	EmailAddress string `json:"emailAddress"`
}

type listAccountsOutput struct {
	NextToken   *string       `json:"nextToken"`
	AccountList []accountInfo `json:"accountList"`
}

func (f *SSO) listAccounts(r *http.Request) (any, *ssoError) {
	if _, err := f.bearer(r); err != nil {
		return nil, err
	}
	f.mu.Lock()
	all := make([]accountInfo, 0, len(f.accounts))
	for _, a := range f.accounts {
		all = append(all, accountInfo{a.ID, a.Name, a.Email})
	}
	f.mu.Unlock()
	page, next, err := f.page(r, len(all))
	if err != nil {
		return nil, err
	}
	return listAccountsOutput{NextToken: next, AccountList: all[page[0]:page[1]]}, nil
}

type roleInfo struct {
	RoleName  string `json:"roleName"`
	AccountID string `json:"accountId"`
}

type listRolesOutput struct {
	NextToken *string    `json:"nextToken"`
	RoleList  []roleInfo `json:"roleList"`
}

func (f *SSO) listAccountRoles(r *http.Request) (any, *ssoError) {
	if _, err := f.bearer(r); err != nil {
		return nil, err
	}
	account := r.URL.Query().Get("account_id")
	f.mu.Lock()
	var all []roleInfo
	for _, name := range f.roles[account] {
		all = append(all, roleInfo{name, account})
	}
	f.mu.Unlock()
	page, next, err := f.page(r, len(all))
	if err != nil {
		return nil, err
	}
	return listRolesOutput{NextToken: next, RoleList: slices.Clip(all[page[0]:page[1]])}, nil
}

// page is the [start, end) of the items one List call returns, and the next token (an
// opaque offset) when more follow.
func (f *SSO) page(r *http.Request, n int) ([2]int, *string, *ssoError) {
	q := r.URL.Query()
	size := cmp.Or(f.PageSize, 10)
	if m, err := strconv.Atoi(q.Get("max_result")); err == nil && m > 0 && m < size {
		size = m
	}
	start := 0
	if tok := q.Get("next_token"); tok != "" {
		b, err := base64.RawURLEncoding.DecodeString(tok)
		if start, err = strconvAtoi(string(b), err); err != nil || start < 0 || start > n {
			return [2]int{}, nil, &ssoError{http.StatusBadRequest, "InvalidRequestException", "", "Invalid next token"}
		}
	}
	end := min(start+size, n)
	if end == n {
		return [2]int{start, end}, nil, nil
	}
	next := base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	return [2]int{start, end}, &next, nil
}

func strconvAtoi(s string, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(s)
}
