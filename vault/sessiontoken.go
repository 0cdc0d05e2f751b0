package vault

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// sessionTokenProvider calls GetSessionToken with a profile's long-term keys, with its MFA
// device when it has one.
type sessionTokenProvider struct {
	v       *Vault
	base    aws.CredentialsProvider
	profile *Profile
}

func (s *sessionTokenProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	p := s.profile
	in := &sts.GetSessionTokenInput{DurationSeconds: seconds(p.SessionTokenDuration())}
	if p.MFASerial != "" {
		code, err := s.v.mfaCode(ctx, p, p.MFASerial)
		if err != nil {
			return aws.Credentials{}, err
		}
		in.SerialNumber, in.TokenCode = aws.String(p.MFASerial), aws.String(code)
	}
	out, err := s.v.stsClient(p, s.base).GetSessionToken(ctx, in)
	if err != nil {
		return aws.Credentials{}, stsError(fmt.Sprintf("get session token for profile %s", p.Name), p, err)
	}
	return fromSTS(out.Credentials, "sts.GetSessionToken")
}
