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
	var out *sts.GetSessionTokenOutput
	call := func() (err error) {
		if out, err = s.v.stsClient(p, s.base).GetSessionToken(ctx, in); err != nil {
			return stsError(fmt.Sprintf("get session token for profile %s", p.Name), p, err)
		}
		return nil
	}
	setCode := func(code string) { in.SerialNumber, in.TokenCode = aws.String(p.MFASerial), aws.String(code) }
	if err := s.v.callMFA(ctx, p, p.MFASerial, setCode, call); err != nil {
		return aws.Credentials{}, err
	}
	return fromSTS(out.Credentials, "sts.GetSessionToken")
}
