package vault

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// roleChainingMaxDuration is AWS's limit for a role assumed with role credentials.
const roleChainingMaxDuration = time.Hour

// assumeRoleProvider assumes a profile's role with base credentials, sending the MFA serial
// only when the chain has not already used it.
type assumeRoleProvider struct {
	v         *Vault
	base      aws.CredentialsProvider
	profile   *Profile
	mfaSerial string
}

func (a *assumeRoleProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	p := a.profile
	in := &sts.AssumeRoleInput{
		RoleArn:           aws.String(p.RoleARN),
		RoleSessionName:   aws.String(a.sessionName()),
		DurationSeconds:   seconds(p.AssumeRoleDuration),
		Tags:              sessionTags(p.SessionTags),
		TransitiveTagKeys: p.TransitiveSessionTags,
	}
	if p.ExternalID != "" {
		in.ExternalId = aws.String(p.ExternalID)
	}
	if p.SourceIdentity != "" {
		in.SourceIdentity = aws.String(p.SourceIdentity)
	}
	var out *sts.AssumeRoleOutput
	call := func() (err error) {
		if out, err = a.v.stsClient(p, a.base).AssumeRole(ctx, in); err != nil {
			return stsError(fmt.Sprintf("assume role %s for profile %s", p.RoleARN, p.Name), p, err)
		}
		return nil
	}
	setCode := func(code string) { in.SerialNumber, in.TokenCode = aws.String(a.mfaSerial), aws.String(code) }
	if err := a.v.callMFA(ctx, p, a.mfaSerial, setCode, call); err != nil {
		return aws.Credentials{}, err
	}
	return fromSTS(out.Credentials, "sts.AssumeRole")
}

// sessionName is role_session_name, else aws-vault's default: the time in nanoseconds.
func (a *assumeRoleProvider) sessionName() string {
	if a.profile.RoleSessionName != "" {
		return a.profile.RoleSessionName
	}
	return strconv.FormatInt(a.v.now().UnixNano(), 10)
}

// sessionTags turns session_tags into STS tags, sorted so requests are reproducible.
func sessionTags(m map[string]string) []types.Tag {
	tags := make([]types.Tag, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		tags = append(tags, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return tags
}

func seconds(d time.Duration) *int32 { return aws.Int32(int32(d / time.Second)) }

// fromSTS converts STS credentials, refusing a response without keys or expiry.
func fromSTS(c *types.Credentials, source string) (aws.Credentials, error) {
	if c == nil || aws.ToString(c.AccessKeyId) == "" || aws.ToString(c.SecretAccessKey) == "" || c.Expiration == nil {
		return aws.Credentials{}, WithHint(fmt.Errorf("%s: %w: it carried no credentials", source, ErrBadAnswer), badAnswerHint)
	}
	return aws.Credentials{
		AccessKeyID:     aws.ToString(c.AccessKeyId),
		SecretAccessKey: aws.ToString(c.SecretAccessKey),
		SessionToken:    aws.ToString(c.SessionToken),
		Source:          source,
		CanExpire:       true,
		Expires:         c.Expiration.UTC(),
	}, nil
}

// AssumeRoleARN assumes roleARN with p's credentials, for the ECS server's /role-arn/ route
// (as aws-vault's). The result is not cached in the keyring: the ARN is not a profile, and
// the server keeps its own copy until it nears expiry.
func (v *Vault) AssumeRoleARN(ctx context.Context, p *Profile, roleARN string) (aws.Credentials, error) {
	base, err := v.providerFor(p, CredentialOptions{})
	if err != nil {
		return aws.Credentials{}, err
	}
	role := &Profile{Name: p.Name, Region: p.Region, RoleARN: roleARN, AssumeRoleDuration: p.AssumeRoleDuration}
	creds, err := (&assumeRoleProvider{v: v, base: base, profile: role}).Retrieve(ctx)
	if err != nil {
		return aws.Credentials{}, err
	}
	if err := v.checkFresh(p.Name, creds); err != nil {
		return aws.Credentials{}, fmt.Errorf("assume role %s for profile %s: %w", roleARN, p.Name, err)
	}
	return creds, nil
}
