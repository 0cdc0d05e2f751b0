package vault

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// maxWebIdentityToken is the longest WebIdentityToken STS accepts (the API reference's
// length constraint); a longer file is not a token, and reading it whole would be a waste.
const maxWebIdentityToken = 20000

// webIdentityProvider calls sts:AssumeRoleWithWebIdentity with the OpenID Connect token from
// web_identity_token_file (AWS_WEB_IDENTITY_TOKEN_FILE) or aws-vault's
// web_identity_token_process. The call is unsigned: the token is the proof of identity.
type webIdentityProvider struct {
	v       *Vault
	profile *Profile
}

func (w *webIdentityProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	p := w.profile
	if p.RoleARN == "" {
		return aws.Credentials{}, WithHint(fmt.Errorf("profile %s: web identity needs a role_arn", p.Name),
			"add role_arn = arn:aws:iam::ACCOUNT:role/NAME to the profile, or set AWS_ROLE_ARN")
	}
	token, err := w.token(ctx)
	if err != nil {
		return aws.Credentials{}, err
	}
	in := &sts.AssumeRoleWithWebIdentityInput{
		RoleArn:          aws.String(p.RoleARN),
		RoleSessionName:  aws.String(w.sessionName()),
		DurationSeconds:  seconds(p.AssumeRoleDuration),
		WebIdentityToken: aws.String(token),
	}
	out, err := w.v.stsClient(p, aws.AnonymousCredentials{}).AssumeRoleWithWebIdentity(ctx, in)
	if err != nil {
		return aws.Credentials{}, stsError(fmt.Sprintf("assume role %s with web identity for profile %s", p.RoleARN, p.Name), p, err)
	}
	return fromSTS(out.Credentials, SessionTypeWebIdentity)
}

// sessionName is aws-vault's rule, as for AssumeRole: role_session_name (AWS_ROLE_SESSION_NAME),
// else the time in nanoseconds.
func (w *webIdentityProvider) sessionName() string {
	if w.profile.RoleSessionName != "" {
		return w.profile.RoleSessionName
	}
	return strconv.FormatInt(w.v.now().UnixNano(), 10)
}

// token reads the token from the file, else from the process (aws-vault's order). Surrounding
// whitespace is dropped: a JWT has none, and a file written with echo ends in a newline that
// STS would reject. No error repeats the token: it is a bearer credential.
func (w *webIdentityProvider) token(ctx context.Context) (string, error) {
	p := w.profile
	var raw []byte
	var what string
	if p.WebIdentityTokenFile != "" {
		what = fmt.Sprintf("web_identity_token_file %s of profile %s", p.WebIdentityTokenFile, p.Name)
		b, err := readTokenFile(p.WebIdentityTokenFile)
		if err != nil {
			return "", webIdentityFileError(what, err)
		}
		raw = b
	} else {
		what = "web_identity_token_process of profile " + p.Name
		b, err := w.v.run(ctx, p.WebIdentityTokenProcess)
		if err != nil {
			return "", fmt.Errorf("%s: %w", what, err)
		}
		raw = b
	}
	token := strings.TrimSpace(string(raw))
	switch {
	case token == "":
		return "", WithHint(fmt.Errorf("%s: the token is empty", what),
			"the identity provider writes the token there; check that it ran (for example the pod's service account projection)")
	case len(token) > maxWebIdentityToken:
		return "", WithHint(fmt.Errorf("%s: the token is longer than %d bytes, the most sts accepts", what, maxWebIdentityToken),
			"point it at the oidc token (a jwt), not at another file")
	}
	return token, nil
}

// errTokenTooLarge: the file holds more than a token can be.
var errTokenTooLarge = errors.New("too large")

// readTokenFile reads at most a little more than the longest token, so a huge file (or a
// device) costs nothing.
func readTokenFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	const slack = 4096 // whitespace around a token of the maximum length
	b, err := io.ReadAll(io.LimitReader(f, maxWebIdentityToken+slack+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxWebIdentityToken+slack {
		return nil, errTokenTooLarge
	}
	return b, nil
}

func webIdentityFileError(what string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return WithHint(fmt.Errorf("%s: the file does not exist", what),
			"check the path; the identity provider (for example a kubernetes service account projection) writes the token there")
	case errors.Is(err, fs.ErrPermission):
		return WithHint(fmt.Errorf("%s: permission denied", what),
			"make the file readable by this user")
	case errors.Is(err, errTokenTooLarge):
		return WithHint(fmt.Errorf("%s: the file is larger than a token can be (%d bytes at most)", what, maxWebIdentityToken),
			"point it at the oidc token (a jwt), not at another file")
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		err = pathErr.Err // the path is in what already
	}
	return WithHint(fmt.Errorf("%s: %w", what, err), "point it at a readable file holding the oidc token")
}
