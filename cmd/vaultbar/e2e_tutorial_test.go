package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/login"
)

const (
	jonKeyID  = "AKIAJONSMITH00000001"
	jonSecret = "jonsmithsecretfakesecret0000000000000000"
	jonMFA    = "arn:aws:iam::111111111111:mfa/jonsmith"
)

// The tutorial's config once MFA and roles are set up (its "Roles and MFA" steps).
const tutorialConfig = `[profile jonsmith]
region = eu-west-1
mfa_serial = ` + jonMFA + `

[profile jonsmith-admin]
source_profile = jonsmith
role_arn = arn:aws:iam::222222222222:role/admin
mfa_serial = ` + jonMFA + `
region = eu-west-1

[profile jonsmith-readonly]
source_profile = jonsmith
role_arn = arn:aws:iam::222222222222:role/readonly
region = eu-west-1
`

// tutorial is the aws-vault tutorial's terminal: vaultbar on the real keyring (gnome-keyring
// on the session's bus), the AWS CLI as the program exec runs, the fake AWS behind both.
type tutorial struct {
	*world
	aws string // Debian's AWS CLI
}

// vaultbar runs one tutorial command with stdin and extra variables; it must succeed.
func (tu *tutorial) vaultbar(stdin string, extra []string, args ...string) (stdout, stderr string) {
	tu.t.Helper()
	cmd := exec.Command(tu.world.vaultbar, args...)
	cmd.Env = append(append(append([]string{}, tu.env...), "AWS_ENDPOINT_URL_STS="+tu.fake.URL,
		login.EnvSigninEndpoint+"="+tu.fake.SigninURL, "AWS_PAGER=", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"SHELL=/bin/sh", "AWS_CLI="+tu.aws, "FAKE_AWS="+tu.fake.URL), extra...)
	cmd.Dir = tu.dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		tu.t.Fatalf("vaultbar %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

// callerARN runs `vaultbar ARGS aws sts get-caller-identity` (ARGS end with "--" or a
// wrapper command) and returns the ARN
// it printed and the key the fake saw the call signed with.
func (tu *tutorial) callerARN(args ...string) (arn, signedWith string) {
	tu.t.Helper()
	tu.fake.STS.Reset()
	out, _ := tu.vaultbar("", nil, append(args, tu.aws, "sts", "get-caller-identity", "--endpoint-url", tu.fake.URL, "--output", "json")...)
	var id struct{ Arn string }
	if err := json.Unmarshal([]byte(out), &id); err != nil {
		tu.t.Fatalf("aws sts get-caller-identity printed %q: %v", out, err)
	}
	calls := tu.fake.STS.CallsFor("GetCallerIdentity")
	if len(calls) != 1 {
		tu.t.Fatalf("GetCallerIdentity calls = %d, want 1", len(calls))
	}
	return id.Arn, calls[0].AccessKeyID
}

// lastCall is the one call of action since the last Reset; the test fails when there is not
// exactly one.
func (tu *tutorial) lastCall(action string) fakeaws.Call {
	tu.t.Helper()
	calls := tu.fake.STS.CallsFor(action)
	if len(calls) != 1 {
		tu.t.Fatalf("%s calls = %d, want 1", action, len(calls))
	}
	return calls[0]
}

// expiresIn checks an expiry variable says about d from now (the fake's clock is real time).
func expiresIn(t *testing.T, name, value string, d time.Duration) {
	t.Helper()
	exp, err := time.Parse("2006-01-02T15:04:05Z", value)
	if left := time.Until(exp); err != nil || left < d-2*time.Minute || left > d+time.Minute {
		t.Errorf("%s = %q (%v), want about %s from now", name, value, err, d)
	}
}

// The classic aws-vault tutorial, step by step, with vaultbar where it says aws-vault: add,
// ls/list, exec (a command, a subshell, --debug, -d), MFA, a role with source_profile,
// login --stdout, remove --sessions-only, exec --server / --ec2-server, the TTL variables.
func TestE2ETutorial(t *testing.T) {
	tu := &tutorial{world: newWorld(t, keyring.SecretServiceBackend), aws: e2e.Tool(t, "/usr/bin/aws")}
	tu.fake.STS.AddUser(jonKeyID, jonSecret, "jonsmith")
	tu.fake.STS.SetMFA(jonMFA, goodCode)

	// $ aws-vault add jonsmith (the keys typed at its two prompts)
	out, _ := tu.vaultbar(jonKeyID+"\n"+jonSecret+"\n", nil, "add", "jonsmith")
	if out != "Added credentials to profile \"jonsmith\" in vault\n" {
		t.Errorf("add printed %q", out)
	}
	cfg, err := os.ReadFile(filepath.Join(tu.dir, "config"))
	if err != nil || !strings.Contains(string(cfg), "[profile jonsmith]") {
		t.Fatalf("add left the config %q (%v), want a [profile jonsmith] section", cfg, err)
	}
	tu.writeConfig("[profile jonsmith]\nregion = eu-west-1\n")

	// $ aws-vault ls (and list)
	for _, cmd := range []string{"ls", "list"} {
		if out, _ := tu.vaultbar("", nil, cmd); !regexp.MustCompile(`(?m)^jonsmith +jonsmith +- *$`).MatchString(out) {
			t.Errorf("%s:\n%s", cmd, out)
		}
	}

	// $ aws-vault exec jonsmith -- aws s3 ls (here: sts get-caller-identity, which the fake has)
	arn, key := tu.callerARN("exec", "jonsmith", "--")
	if !strings.HasSuffix(arn, ":user/jonsmith") || !strings.HasPrefix(key, "ASIA") {
		t.Errorf("exec jonsmith: the CLI ran as %s with key %s, want the user through a session", arn, key)
	}
	tu.lastCall("GetSessionToken")

	// $ aws-vault exec jonsmith   (a subshell, in which the user types a command)
	out, _ = tu.vaultbar(`"$AWS_CLI" sts get-caller-identity --endpoint-url "$FAKE_AWS" --output text --query Arn`+"\n", nil, "exec", "jonsmith")
	if strings.TrimSpace(out) != arn {
		t.Errorf("the subshell's aws printed %q, want %s", out, arn)
	}

	// $ aws-vault exec --debug jonsmith -- env | grep AWS
	env, debug := tu.vaultbar("", nil, "exec", "--debug", "jonsmith", "--", "env")
	if envValue(env, "AWS_VAULT") != "jonsmith" || envValue(env, "AWS_REGION") != "eu-west-1" || envValue(env, "AWS_DEFAULT_REGION") != "eu-west-1" ||
		!strings.HasPrefix(envValue(env, "AWS_ACCESS_KEY_ID"), "ASIA") {
		t.Errorf("exec's child environment:\n%s", env)
	}
	token := envValue(env, "AWS_SESSION_TOKEN")
	if token == "" || envValue(env, "AWS_SECURITY_TOKEN") != token {
		t.Errorf("AWS_SECURITY_TOKEN = %q, want AWS_SESSION_TOKEN", envValue(env, "AWS_SECURITY_TOKEN"))
	}
	if exp := envValue(env, "AWS_SESSION_EXPIRATION"); exp != envValue(env, "AWS_CREDENTIAL_EXPIRATION") {
		t.Errorf("AWS_SESSION_EXPIRATION = %q, want AWS_CREDENTIAL_EXPIRATION %q", exp, envValue(env, "AWS_CREDENTIAL_EXPIRATION"))
	} else {
		expiresIn(t, "AWS_SESSION_EXPIRATION", exp, time.Hour)
	}
	if !strings.Contains(debug, "cache: hit: reusing sts.GetSessionToken session") || !strings.Contains(debug, "keyring: opened secret-service") {
		t.Errorf("exec --debug logged:\n%s", debug)
	}
	for _, secret := range []string{jonSecret, envValue(env, "AWS_SECRET_ACCESS_KEY"), token, fakeaws.SecretMarker, fakeaws.TokenMarker} {
		if strings.Contains(debug, secret) {
			t.Errorf("exec --debug logged a secret:\n%s", debug)
		}
	}
	if out, _ := tu.vaultbar("", nil, "ls"); !regexp.MustCompile(`(?m)^jonsmith +jonsmith +sts\.GetSessionToken:\d`).MatchString(out) {
		t.Errorf("ls after exec does not show the session:\n%s", out)
	}

	// MFA and roles: mfa_serial on the user, two role profiles with source_profile.
	tu.writeConfig(tutorialConfig)
	tu.fake.STS.Reset()
	arn, _ = tu.callerARN("exec", "jonsmith", "--mfa-token", goodCode, "--")
	if gst := tu.lastCall("GetSessionToken"); gst.Params.Get("SerialNumber") != jonMFA || gst.Params.Get("TokenCode") != goodCode {
		t.Errorf("exec with mfa_serial sent %v", gst.Params)
	}
	if !strings.HasSuffix(arn, ":user/jonsmith") {
		t.Errorf("exec jonsmith with MFA ran as %s", arn)
	}
	arn, _ = tu.callerARN("exec", "jonsmith-admin", "--")
	if !strings.Contains(arn, ":assumed-role/admin/") || len(tu.fake.STS.CallsFor("GetSessionToken")) != 0 {
		t.Errorf("exec jonsmith-admin ran as %s after %d GetSessionToken calls; want the role over the MFA session", arn, len(tu.fake.STS.CallsFor("GetSessionToken")))
	}

	// $ aws-vault exec -d 2h jonsmith-readonly
	tu.fake.STS.Reset()
	env, _ = tu.vaultbar("", nil, "exec", "-d", "2h", "jonsmith-readonly", "--", "env")
	if got := tu.lastCall("AssumeRole").Params.Get("DurationSeconds"); got != "7200" {
		t.Errorf("exec -d 2h: AssumeRole DurationSeconds = %s, want 7200", got)
	}
	expiresIn(t, "AWS_SESSION_EXPIRATION", envValue(env, "AWS_SESSION_EXPIRATION"), 2*time.Hour)

	// $ aws-vault login jonsmith-admin --stdout
	out, _ = tu.vaultbar("", nil, "login", "jonsmith-admin", "--stdout")
	if !strings.HasPrefix(out, tu.fake.SigninURL) || !strings.Contains(out, "Action=login") || !strings.Contains(out, fakeaws.SigninTokenMarker) {
		t.Errorf("login --stdout printed %q, want a sign-in URL", out)
	}

	// $ aws-vault remove jonsmith --sessions-only
	out, _ = tu.vaultbar("", nil, "remove", "jonsmith", "--sessions-only")
	if !regexp.MustCompile(`^Deleted [1-9]\d* sessions\.\n$`).MatchString(out) {
		t.Errorf("remove --sessions-only printed %q", out)
	}
	if out, _ := tu.vaultbar("", nil, "list"); !regexp.MustCompile(`(?m)^jonsmith +jonsmith +- *$`).MatchString(out) {
		t.Errorf("list after remove --sessions-only (the keys stay, the sessions go):\n%s", out)
	}

	// $ aws-vault exec -s jonsmith  (and --server, --ec2-server): the CLI gets its
	// credentials from the server, and no keys are in its environment.
	noKeys := []string{"sh", "-c", `test -z "$AWS_ACCESS_KEY_ID" && exec "$@"`, "sh"}
	for _, flags := range [][]string{{"-s", "-t", goodCode}, {"--server"}, {"--ec2-server"}} {
		arn, key := tu.callerARN(append(append([]string{"exec"}, flags...), append([]string{"jonsmith", "--"}, noKeys...)...)...)
		if !strings.HasSuffix(arn, ":user/jonsmith") || !strings.HasPrefix(key, "ASIA") {
			t.Errorf("exec %v: the CLI ran as %s with key %s", flags, arn, key)
		}
	}

	// The TTL variables: AWS_SESSION_TOKEN_TTL and AWS_ASSUME_ROLE_TTL.
	tu.vaultbar("", nil, "remove", "jonsmith", "--sessions-only")
	tu.vaultbar("", nil, "remove", "jonsmith-readonly", "--sessions-only")
	ttls := []string{"AWS_SESSION_TOKEN_TTL=3h", "AWS_ASSUME_ROLE_TTL=20m"}
	tu.fake.STS.Reset()
	env, _ = tu.vaultbar("", ttls, "exec", "-t", goodCode, "jonsmith", "--", "env")
	if got := tu.lastCall("GetSessionToken").Params.Get("DurationSeconds"); got != "10800" {
		t.Errorf("AWS_SESSION_TOKEN_TTL=3h: GetSessionToken DurationSeconds = %s, want 10800", got)
	}
	expiresIn(t, "AWS_SESSION_EXPIRATION", envValue(env, "AWS_SESSION_EXPIRATION"), 3*time.Hour)
	tu.fake.STS.Reset()
	env, _ = tu.vaultbar("", ttls, "exec", "jonsmith-readonly", "--", "env")
	if got := tu.lastCall("AssumeRole").Params.Get("DurationSeconds"); got != "1200" {
		t.Errorf("AWS_ASSUME_ROLE_TTL=20m: AssumeRole DurationSeconds = %s, want 1200", got)
	}
	expiresIn(t, "AWS_SESSION_EXPIRATION", envValue(env, "AWS_SESSION_EXPIRATION"), 20*time.Minute)
}
