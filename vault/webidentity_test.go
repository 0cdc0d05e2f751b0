package vault_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

const (
	webRole  = "arn:aws:iam::444444444444:role/ci"
	webToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.fakesignature"
)

// webRig is a rig whose fake trusts webToken, with the token in a file.
func webRig(t *testing.T, config string) (r *rig, tokenFile string) {
	t.Helper()
	r = newRig(t)
	r.fake.STS.TrustWebIdentityToken(webToken, "system:serviceaccount:ci:deployer")
	tokenFile = filepath.Join(t.TempDir(), "token")
	must(t, os.WriteFile(tokenFile, []byte(webToken+"\n"), 0o600))
	cfg, err := vault.ParseConfig([]byte(strings.ReplaceAll(config, "TOKENFILE", tokenFile)))
	must(t, err)
	r.cfg = cfg
	return r, tokenFile
}

func TestWebIdentityFileAssumesRoleUnsignedAndCachesLikeAwsVault(t *testing.T) {
	t.Parallel()
	r, _ := webRig(t, "[profile ci]\nregion = eu-west-1\nrole_arn = "+webRole+"\nweb_identity_token_file = TOKENFILE\nduration_seconds = 1800\n")
	for range 2 {
		c, err := r.creds("ci", vault.CredentialOptions{})
		must(t, err)
		if !strings.HasPrefix(c.AccessKeyID, "ASIAFAKE") || c.SessionToken == "" {
			t.Errorf("credentials = %s (token %q)", c.AccessKeyID, c.SessionToken)
		}
	}
	calls := r.fake.STS.CallsFor("AssumeRoleWithWebIdentity")
	if len(calls) != 1 {
		t.Fatalf("%d AssumeRoleWithWebIdentity calls, want 1 (then the cached session)", len(calls))
	}
	c := calls[0]
	if c.AccessKeyID != "" || c.SessionToken != "" {
		t.Errorf("the call was signed with %s: it must be unsigned", c.AccessKeyID)
	}
	// The file's trailing newline is not part of the token.
	if got := r.fake.STS.WebIdentityTokens(); len(got) != 1 || got[0] != webToken {
		t.Errorf("token sent = %q, want the file's token", got)
	}
	if c.Params.Get("RoleArn") != webRole || c.Params.Get("DurationSeconds") != "1800" {
		t.Errorf("params = %v", c.Params)
	}
	// aws-vault's default session name: the time in nanoseconds.
	if name := c.Params.Get("RoleSessionName"); len(name) < 19 || strings.Trim(name, "0123456789") != "" {
		t.Errorf("RoleSessionName = %q, want nanoseconds", name)
	}
	if got := r.sessionKeys(); len(got) != 1 || got[0] != "sts.AssumeRoleWithWebIdentity ci " {
		t.Errorf("cached sessions = %q, want aws-vault's web identity session with no mfa field", got)
	}
}

func TestWebIdentityFromEnvironmentAsTheAWSCLIReadsIt(t *testing.T) {
	t.Parallel()
	r, tokenFile := webRig(t, "[profile pod]\nregion = us-west-2\n")
	env := vault.Env{"AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": webRole, "AWS_ROLE_SESSION_NAME": "pod-7"}
	p, err := (&vault.Resolver{File: r.cfg, Env: env}).Profile("pod")
	must(t, err)
	if _, err := r.v.Credentials(context.Background(), p, vault.CredentialOptions{}); err != nil {
		t.Fatal(err)
	}
	calls := r.fake.STS.CallsFor("AssumeRoleWithWebIdentity")
	if len(calls) != 1 || calls[0].Params.Get("RoleSessionName") != "pod-7" || calls[0].Params.Get("RoleArn") != webRole {
		t.Fatalf("calls = %+v, want one with AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME", calls)
	}
}

func TestWebIdentityTokenProcess(t *testing.T) {
	t.Parallel()
	r, tokenFile := webRig(t, "[profile proc]\nregion = us-east-1\nrole_arn = "+webRole+"\nrole_session_name = from-proc\nweb_identity_token_process = cat TOKENFILE\n")
	_ = tokenFile
	if _, err := r.creds("proc", vault.CredentialOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := r.fake.STS.WebIdentityTokens(); len(got) != 1 || got[0] != webToken {
		t.Errorf("token sent = %q, want the process's output", got)
	}
}

func TestWebIdentityTokenFileProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	must(t, os.WriteFile(empty, []byte(" \n"), 0o600))
	huge := filepath.Join(dir, "huge")
	must(t, os.WriteFile(huge, []byte(strings.Repeat(webToken, 2000)), 0o600))
	for name, tc := range map[string]struct{ file, want string }{
		"missing":   {filepath.Join(dir, "nope"), "does not exist"},
		"empty":     {empty, "the token is empty"},
		"huge":      {huge, "larger than a token can be"},
		"directory": {dir, "is a directory"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r, _ := webRig(t, "[profile ci]\nregion = us-east-1\nrole_arn = "+webRole+"\nweb_identity_token_file = "+tc.file+"\n")
			_, err := r.creds("ci", vault.CredentialOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "web_identity_token_file") || vault.Hint(err) == "" {
				t.Fatalf("error = %v (hint %q), want %q naming web_identity_token_file, with a hint", err, vault.Hint(err), tc.want)
			}
			if strings.Contains(err.Error(), "fakesignature") || strings.Contains(vault.Hint(err), "fakesignature") {
				t.Errorf("error repeats the token: %v", err)
			}
			if err.Error() != strings.ToLower(err.Error()[:1])+err.Error()[1:] {
				t.Errorf("error %q does not start lowercase", err)
			}
			if n := len(r.fake.STS.Calls()); n != 0 {
				t.Errorf("%d calls to sts, want none", n)
			}
		})
	}
}

// A token file that cannot be read (here a directory, which even root cannot read as a
// file, so the test runs in CI too) fails with the reason and a hint.
func TestWebIdentityUnreadableTokenFile(t *testing.T) {
	t.Parallel()
	r, tokenFile := webRig(t, "[profile ci]\nregion = us-east-1\nrole_arn = "+webRole+"\nweb_identity_token_file = TOKENFILE\n")
	must(t, os.Remove(tokenFile))
	must(t, os.Mkdir(tokenFile, 0o700))
	_, err := r.creds("ci", vault.CredentialOptions{})
	if err == nil || !strings.Contains(err.Error(), "is a directory") || vault.Hint(err) == "" {
		t.Fatalf("error = %v, want the read's reason with a hint", err)
	}
}

func TestWebIdentityRejectedTokenAndMissingRole(t *testing.T) {
	t.Parallel()
	r, tokenFile := webRig(t, "[profile ci]\nregion = us-east-1\nrole_arn = "+webRole+"\nweb_identity_token_file = TOKENFILE\n\n[profile norole]\nregion = us-east-1\nweb_identity_token_file = TOKENFILE\n")
	_, err := r.creds("norole", vault.CredentialOptions{})
	if err == nil || !strings.Contains(err.Error(), "needs a role_arn") || !strings.Contains(vault.Hint(err), "AWS_ROLE_ARN") {
		t.Errorf("no role: error = %v (hint %q)", err, vault.Hint(err))
	}
	must(t, os.WriteFile(tokenFile, []byte("expired.jwt.fakesignature"), 0o600))
	_, err = r.creds("ci", vault.CredentialOptions{})
	if err == nil || !strings.Contains(err.Error(), "assume role "+webRole+" with web identity for profile ci: InvalidIdentityToken") ||
		!strings.Contains(vault.Hint(err), "trusts its issuer") {
		t.Errorf("rejected token: error = %v (hint %q)", err, vault.Hint(err))
	}
	if err != nil && strings.Contains(err.Error(), "fakesignature") {
		t.Errorf("error repeats the token: %v", err)
	}
}
