package vault

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// allowAllPolicy is the session policy aws-vault sends: the federated session keeps every
// permission of the IAM user (a session policy can only narrow them).
const allowAllPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// federationNameMax is GetFederationToken's limit on Name.
const federationNameMax = 32

// FederationToken turns long-term IAM user keys into console-capable credentials with
// GetFederationToken (the console refuses plain user keys and GetSessionToken sessions).
// The federated user is named after the IAM user, found with GetCallerIdentity, which needs
// no IAM permission (aws-vault asks iam:GetUser and parses its AccessDenied message).
func (v *Vault) FederationToken(ctx context.Context, p *Profile, keys aws.Credentials) (aws.Credentials, error) {
	client := v.stsClient(p, staticCreds(keys))
	id, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return aws.Credentials{}, stsError("get caller identity for profile "+p.Name, p, err)
	}
	out, err := client.GetFederationToken(ctx, &sts.GetFederationTokenInput{
		Name:            aws.String(federatedName(aws.ToString(id.Arn))),
		Policy:          aws.String(federationPolicy(p)),
		DurationSeconds: seconds(p.FederationTokenDuration),
	})
	if err != nil {
		return aws.Credentials{}, stsError(fmt.Sprintf("get federation token for profile %s", p.Name), p, err)
	}
	return fromSTS(out.Credentials, "sts.GetFederationToken")
}

// federationPolicy is the profile's vaultbar_federation_policy, else allow-all.
func federationPolicy(p *Profile) string {
	return cmp.Or(p.Vaultbar.FederationPolicy, allowAllPolicy)
}

// federatedName is the last element of an IAM user ARN's path, cut to the API's limit.
func federatedName(arn string) string {
	name := arn[strings.LastIndex(arn, "/")+1:]
	name = cmp.Or(name, "vaultbar")
	if len(name) > federationNameMax {
		name = name[:federationNameMax]
	}
	return name
}
