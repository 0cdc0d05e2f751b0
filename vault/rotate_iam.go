package vault

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go"
)

// IAMEndpoint returns the endpoint override the SDK itself would honour for IAM:
// AWS_ENDPOINT_URL_IAM, then AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
func IAMEndpoint(env Env) string {
	if env.Get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") == "true" {
		return ""
	}
	return cmp.Or(env.Get("AWS_ENDPOINT_URL_IAM"), env.Get("AWS_ENDPOINT_URL"))
}

// AccessKeyInfo is what IAM says about a profile's stored access key.
type AccessKeyInfo struct {
	// Profile is the profile that stores the key: the one asked about or its source.
	Profile string
	User    string // the IAM user the key belongs to
	// Account is the AWS account of that user (from its ARN), "" when IAM's answer did not
	// say. The menu shows it for a profile with keys, whose config names no account.
	Account string
	KeyID   string
	// Created is IAM's CreateDate of the key; zero when IAM would not list the user's keys
	// with the key alone (a policy that requires MFA for it).
	Created time.Time
}

// AccessKeyInfo asks IAM, with the stored key itself and never a prompt, whose key p uses
// and when it was created. The menu shows the key's age and names the user and key in the
// rotation's confirmation.
func (v *Vault) AccessKeyInfo(ctx context.Context, p *Profile) (AccessKeyInfo, error) {
	owner, err := v.keysOwner(p)
	if err != nil {
		return AccessKeyInfo{}, err
	}
	keys, err := v.store.Credentials(owner.Name)
	if err != nil {
		return AccessKeyInfo{}, err
	}
	info := AccessKeyInfo{Profile: owner.Name, KeyID: keys.AccessKeyID}
	client := v.iamClient(p, keys)
	if info.User, info.Account, err = iamUser(ctx, client); err != nil {
		return AccessKeyInfo{}, iamError("find the iam user of profile "+owner.Name, owner, err)
	}
	listed, err := listKeys(ctx, client, info.User)
	if isAPIError(err, "AccessDenied") {
		return info, nil
	}
	if err != nil {
		return AccessKeyInfo{}, iamError("list the access keys of iam user "+info.User, owner, err)
	}
	info.Created = listed[keys.AccessKeyID]
	return info, nil
}

// keysOwner is the profile in p's source chain that stores long-term keys (aws-vault's
// FindMasterCredentialsNameFor).
func (v *Vault) keysOwner(p *Profile) (*Profile, error) {
	for q := p; q != nil; q = q.Source {
		has, err := v.store.HasCredentials(q.Name)
		if err != nil {
			return nil, err
		}
		if has {
			return q, nil
		}
	}
	return nil, WithHint(fmt.Errorf("profile %s: %w", p.Name, ErrNoCredentials),
		"only profiles with stored access keys (or whose source_profile has them) can rotate; store keys with `vaultbar add %s`", p.Name)
}

// getUserDenied is the user AWS names when it refuses iam:GetUser (aws-vault reads it too).
var getUserDenied = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`User: (arn:aws[a-z-]*:iam::\d+:user/\S+) is not authorized`)
})

// iamUser is the IAM user the client's credentials belong to and its account: iam:GetUser,
// or the ARN in its AccessDenied message when the user may not even read itself.
func iamUser(ctx context.Context, client *iamClient) (name, account string, err error) {
	name, arn, err := client.GetUser(ctx)
	if denied := deniedUserARN(err); denied != "" {
		arn, err = denied, nil
		name = arn[strings.LastIndex(arn, "/")+1:]
	}
	if err != nil {
		return "", "", err
	}
	return name, userAccount(arn), nil
}

// deniedUserARN is the user ARN in GetUser's AccessDenied message, "" for any other error.
func deniedUserARN(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "AccessDenied" {
		if m := getUserDenied().FindStringSubmatch(api.ErrorMessage()); m != nil {
			return m[1]
		}
	}
	return ""
}

// userAccount is the account of an IAM user's ARN (arn:PARTITION:iam::ACCOUNT:user/NAME), ""
// when arn is not one.
func userAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || len(parts[4]) != 12 ||
		strings.Trim(parts[4], "0123456789") != "" {
		return ""
	}
	return parts[4]
}

// listKeys returns the user's access key ids with their CreateDate.
func listKeys(ctx context.Context, client *iamClient, user string) (map[string]time.Time, error) {
	keys, err := client.ListAccessKeys(ctx, user)
	if err != nil {
		return nil, err
	}
	out := make(map[string]time.Time, len(keys))
	for _, k := range keys {
		out[k.AccessKeyID] = k.CreateDate
	}
	return out, nil
}

// isAPIError says whether err is AWS's answer with the given error code.
func isAPIError(err error, code string) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == code
}

var errIAMUnreachable = Unreachable("iam")

// iamError is stsError for IAM: one sentence with AWS's code and message, and a hint.
func iamError(what string, p *Profile, err error) error {
	var noAnswer *NoAnswerError
	var netErr net.Error
	var api smithy.APIError
	switch {
	case errors.As(err, &noAnswer):
		return WithHint(fmt.Errorf("%s: %w: %w", what, errIAMUnreachable, noAnswer), NetworkHint)
	case errors.As(err, &api) && api.ErrorCode() == "AccessDenied":
		return WithHint(fmt.Errorf("%s: %w: %s", what, ErrAccessDenied, strings.TrimSuffix(api.ErrorMessage(), ".")),
			"the user needs iam:GetUser, iam:ListAccessKeys, iam:CreateAccessKey and iam:DeleteAccessKey on itself; "+
				"if its policy requires MFA, give profile %s an mfa_serial", p.Name)
	case errors.As(err, &api):
		return apiError(what, p, api)
	case errors.As(err, &netErr):
		return WithHint(fmt.Errorf("%s: %w: %v", what, errIAMUnreachable, rootCause(err)), NetworkHint)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// DisplayKey is aws-vault's FormatKeyForDisplay: the last four characters of an access key id.
func DisplayKey(id string) string {
	return "****************" + id[max(0, len(id)-4):]
}
