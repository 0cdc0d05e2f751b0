package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	ciRole  = "arn:aws:iam::444444444444:role/ci"
	ciToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.fakesignature"
)

// TestWebIdentityExecAndEnv: a profile with web_identity_token_file, and a bare profile with
// the AWS CLI's AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, get role credentials from
// AssumeRoleWithWebIdentity, which received the file's token.
func TestWebIdentityExecAndEnv(t *testing.T) {
	t.Parallel()
	c := newCLI(t, "")
	tokenFile := filepath.Join(c.dir, "token")
	if err := os.WriteFile(tokenFile, []byte(ciToken), 0o600); err != nil {
		t.Fatal(err)
	}
	c.writeConfig("[profile ci]\nregion = eu-west-1\nrole_arn = " + ciRole + "\nweb_identity_token_file = " + tokenFile +
		"\n\n[profile pod]\nregion = eu-west-1\n")
	c.fake.TrustWebIdentityToken(ciToken, "system:serviceaccount:ci:deployer")

	r := c.run("", "exec", "ci", "--", "sh", "-c", `printf '%s|%s' "$AWS_ACCESS_KEY_ID" "${AWS_SESSION_TOKEN:+token}"`)
	if r.code != 0 || !strings.HasPrefix(r.out, "ASIAFAKE") || !strings.HasSuffix(r.out, "|token") {
		t.Fatalf("exec ci: exit %d, out %q, err %q", r.code, r.out, r.err)
	}
	calls := c.fake.CallsFor("AssumeRoleWithWebIdentity")
	if len(calls) != 1 || calls[0].Params.Get("WebIdentityToken") != ciToken || calls[0].Params.Get("RoleArn") != ciRole {
		t.Fatalf("AssumeRoleWithWebIdentity calls = %+v, want one with the file's token", calls)
	}
	if out := c.ok("env", "ci", "--format=env"); !strings.Contains(out, "AWS_ACCESS_KEY_ID="+strings.SplitN(r.out, "|", 2)[0]) {
		t.Errorf("second run did not reuse the cached session: %q", out)
	}
	if n := len(c.fake.CallsFor("AssumeRoleWithWebIdentity")); n != 1 {
		t.Errorf("%d calls, want 1 (the session is cached)", n)
	}

	c.env["AWS_WEB_IDENTITY_TOKEN_FILE"], c.env["AWS_ROLE_ARN"] = tokenFile, ciRole
	if out := c.ok("env", "pod", "--format=env"); !strings.Contains(out, "AWS_SESSION_TOKEN=") {
		t.Errorf("env pod with AWS_WEB_IDENTITY_TOKEN_FILE: %q", out)
	}
	if n := len(c.fake.CallsFor("AssumeRoleWithWebIdentity")); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
	delete(c.env, "AWS_WEB_IDENTITY_TOKEN_FILE")
	delete(c.env, "AWS_ROLE_ARN")

	if err := os.Remove(tokenFile); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.dir, "config"), []byte("[profile gone]\nregion = eu-west-1\nrole_arn = "+ciRole+"\nweb_identity_token_file = "+tokenFile+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = c.run("", "env", "gone")
	if r.code != 1 || !strings.Contains(r.err, "web_identity_token_file "+tokenFile+" of profile gone: the file does not exist") {
		t.Errorf("missing token file: exit %d, err %q", r.code, r.err)
	}
}
