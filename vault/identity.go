package vault

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// CallerIdentity is who a set of credentials signs as, as STS GetCallerIdentity says.
type CallerIdentity struct {
	Account string // the 12-digit account id
	ARN     string // arn:aws:iam::ACCOUNT:user/NAME for an IAM user's keys
}

// CallerIdentity asks STS whom keys belong to, in p's region and through p's STS endpoint,
// without storing or caching anything: keys are tried before they are kept. The call needs
// no IAM permission. Keys AWS does not know are ErrInvalidKeys.
func (v *Vault) CallerIdentity(ctx context.Context, p *Profile, keys aws.Credentials) (CallerIdentity, error) {
	out, err := v.stsClient(p, staticCreds(keys)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return CallerIdentity{}, stsError("check the access key "+DisplayKey(keys.AccessKeyID), p, err)
	}
	return CallerIdentity{Account: aws.ToString(out.Account), ARN: aws.ToString(out.Arn)}, nil
}
