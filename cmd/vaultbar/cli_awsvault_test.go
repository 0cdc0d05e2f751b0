package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

const adminConfig = aliceConfig + `
[profile admin]
source_profile = alice
role_arn = arn:aws:iam::222222222222:role/admin
mfa_serial = ` + aliceMFA + `
`

// logStamp is the time stamp debug lines begin with; its microseconds could hold any six
// digits, an MFA code's too, so the secret checks read the lines without it.
var logStamp = regexp.MustCompile(`(?m)^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{6} `)

// --debug, before or after the command as aws-vault takes it, says on stderr how the profile
// was resolved, what the keyring had, which AWS calls were made and how long they took, and
// whether the cache served; it never shows a secret key, a session token or the MFA code.
func TestDebugLogsWhatHappensWithoutSecrets(t *testing.T) {
	t.Parallel()
	c := newCLI(t, adminConfig)
	c.addAlice()
	first := c.run("", "--debug", "exec", "admin", "--mfa-token="+goodCode, "--", "true")
	if first.code != 0 || first.out != "" {
		t.Fatalf("--debug exec: exit %d, stdout %q, stderr %q", first.code, first.out, first.err)
	}
	second := c.run("", "exec", "--debug", "admin", "--", "true")
	if second.code != 0 {
		t.Fatalf("exec --debug: exit %d, stderr %q", second.code, second.err)
	}
	for _, want := range []string{
		`config: .*config, profile admin has a section: true`,
		`config: profile admin: .*role_arn=arn:aws:iam::222222222222:role/admin, source_profile=alice.*; profile alice: region=eu-west-1, mfa_serial=` + aliceMFA,
		`keyring: alice has stored access keys: true`,
		`keyring: read access key \*{16}0001 of alice`,
		`cache: miss: no sts.GetSessionToken session of alice`,
		`mfa: profile alice uses the code given with --mfa-token for ` + aliceMFA,
		`aws: STS GetSessionToken \(eu-west-1\) took \d`,
		`aws: STS AssumeRole \(us-east-1\) took \d`,
		`sts: generated sts.AssumeRole credentials \*{16}\w{4} for admin, expire in`,
		`exec: true gets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN`,
	} {
		if !regexp.MustCompile(`(?m)^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{6} ` + want).MatchString(first.err) {
			t.Errorf("the first run's debug output has no line matching %q:\n%s", want, first.err)
		}
	}
	if want := `cache: hit: reusing sts.AssumeRole session \*{16}\w{4} of admin, expires in`; !regexp.MustCompile(want).MatchString(second.err) {
		t.Errorf("the second run's debug output has no cache hit %q:\n%s", want, second.err)
	}
	if strings.Contains(second.err, "aws: ") {
		t.Errorf("the second run called AWS although the session was cached:\n%s", second.err)
	}

	var doc struct{ AccessKeyId, SecretAccessKey, SessionToken string }
	if err := json.Unmarshal([]byte(c.ok("env", "admin", "--format=json")), &doc); err != nil || doc.SessionToken == "" {
		t.Fatalf("env --format=json: %v %+v", err, doc)
	}
	logs := logStamp.ReplaceAllString(first.err+second.err, "")
	for name, secret := range map[string]string{"alice's secret key": aliceSecret, "the session's secret key": doc.SecretAccessKey,
		"the session token": doc.SessionToken, "the session's key id": doc.AccessKeyId, "the MFA code": goodCode} {
		if strings.Contains(logs, secret) {
			t.Errorf("the debug output shows %s:\n%s", name, logs)
		}
	}
	if r := c.run("", "exec", "admin", "--", "true"); r.err != "" {
		t.Errorf("without --debug, stderr = %q, want nothing", r.err)
	}
}

// Every command has its own help with its flags, as aws-vault's `exec --help` shows
// `-d, --duration=DURATION`: with --help, -h, and `vaultbar help COMMAND`, on stdout, exit 0.
func TestCommandHelp(t *testing.T) {
	t.Parallel()
	c := newCLI(t, "")
	for _, args := range [][]string{{"exec", "--help"}, {"exec", "-h"}, {"help", "exec"}, {"--debug", "exec", "--help", "prod"}} {
		r := c.run("", args...)
		if r.code != 0 || r.err != "" {
			t.Errorf("%q: exit %d, stderr %q", args, r.code, r.err)
		}
		for _, want := range []string{"usage: vaultbar exec PROFILE", "  -d, --duration=DURATION ", "  -t, --mfa-token=CODE ",
			"  -n, --no-session ", "  -s, --server, --ecs-server ", "  --ec2-server ", "\nGlobal flags:\n", "  --debug "} {
			if !strings.Contains(r.out, want) {
				t.Errorf("%q printed no %q:\n%s", args, want, r.out)
			}
		}
		if strings.Contains(r.out, "vaultbar list") {
			t.Errorf("%q printed the general usage:\n%s", args, r.out)
		}
	}
	for cmd, want := range map[string]string{"ls": "--format=FORMAT", "remove": "-s, --sessions-only", "login": "-s, --stdout",
		"add": "--env", "serve": "--imdsv2-only", "sso": "vaultbar sso populate", "export": "--format=FORMAT"} {
		if r := c.run("", "help", cmd); r.code != 0 || !strings.Contains(r.out, want) {
			t.Errorf("help %s: exit %d, stdout %q, want %q", cmd, r.code, r.out, want)
		}
	}
	general := c.run("", "help")
	if general.code != 0 || !strings.Contains(general.out, "  vaultbar exec PROFILE") || !strings.Contains(general.out, "  vaultbar list") {
		t.Errorf("help: exit %d, stdout %q; want the general usage", general.code, general.out)
	}
	if r := c.run("", "help", "nonsense"); r.code != 2 || !strings.Contains(r.err, `unknown command "nonsense"`) {
		t.Errorf("help nonsense: exit %d, stderr %q", r.code, r.err)
	}
}

// Global flags go before the command as well as after it, as aws-vault's do.
func TestGlobalFlagsBeforeTheCommand(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	delete(c.env, "AWS_VAULT_BACKEND")
	if out := c.ok("--backend=file", "ls"); !regexpMatch(`(?m)^alice +alice +- *$`, out) {
		t.Errorf("--backend=file ls:\n%s", out)
	}
	r := c.run("", "--debug", "--backend", "file", "--no-app", "ls")
	if r.code != 0 || !regexpMatch(`(?m)^alice +alice`, r.out) || !strings.Contains(r.err, "keyring: opened file") {
		t.Errorf("--debug --backend file --no-app ls: exit %d, stdout %q, stderr %q", r.code, r.out, r.err)
	}
}

// exec's child also gets the v5/v6 names scripts still read: AWS_SECURITY_TOKEN (the session
// token) and AWS_SESSION_EXPIRATION (RFC 3339 UTC, as AWS_CREDENTIAL_EXPIRATION). A stale
// one from the parent never leaks through, and env's formats keep aws-vault v7's bytes.
func TestExecSetsLegacySessionVariables(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	c.env["AWS_SESSION_EXPIRATION"] = "2001-01-01T00:00:00Z"
	c.env["AWS_SECURITY_TOKEN"] = "stale-token"
	show := `printf '%s|%s|%s|%s' "$AWS_SESSION_TOKEN" "${AWS_SECURITY_TOKEN-unset}" "$AWS_CREDENTIAL_EXPIRATION" "${AWS_SESSION_EXPIRATION-unset}"`
	before := time.Now()
	r := c.run("", "exec", "alice", "--mfa-token="+goodCode, "--", "sh", "-c", show)
	parts := strings.Split(r.out, "|")
	if r.code != 0 || len(parts) != 4 {
		t.Fatalf("exec: exit %d, stdout %q, stderr %q", r.code, r.out, r.err)
	}
	if parts[0] == "" || parts[1] != parts[0] {
		t.Errorf("AWS_SECURITY_TOKEN = %q, want the session token %q", parts[1], parts[0])
	}
	exp, err := time.Parse("2006-01-02T15:04:05Z", parts[3])
	if err != nil || parts[3] != parts[2] || exp.Before(before.Add(50*time.Minute)) {
		t.Errorf("AWS_SESSION_EXPIRATION = %q (%v), want AWS_CREDENTIAL_EXPIRATION %q, an hour ahead", parts[3], err, parts[2])
	}
	long := c.run("", "exec", "alice", "--no-session", "--", "sh", "-c", show)
	if long.code != 0 || long.out != "|unset||unset" {
		t.Errorf("exec --no-session: exit %d, child saw %q; long-term keys have neither", long.code, long.out)
	}
	if env := c.ok("env", "alice", "--format=env"); strings.Contains(env, "AWS_SECURITY_TOKEN") || strings.Contains(env, "AWS_SESSION_EXPIRATION") {
		t.Errorf("env --format=env now differs from aws-vault's export:\n%s", env)
	}
}

// exec --ec2-server gives the command an EC2 metadata server (on a loopback port, found
// through AWS_EC2_METADATA_SERVICE_ENDPOINT) instead of keys; it cannot go with --ecs-server,
// and neither server with --no-session, as in aws-vault.
func TestExecWithEC2Server(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	r := c.run("", "exec", "alice", "--ec2-server", "--mfa-token="+goodCode, "--", "sh", "-c",
		`printf '%s|%s|%s' "$AWS_EC2_METADATA_SERVICE_ENDPOINT" "${AWS_ACCESS_KEY_ID-unset}" "$AWS_REGION"`)
	if r.code != 0 || !regexpMatch(`^http://127\.0\.0\.1:\d+/\|unset\|eu-west-1$`, r.out) {
		t.Errorf("exec --ec2-server: exit %d, child saw %q (stderr %q); want a loopback endpoint, no keys, the region", r.code, r.out, r.err)
	}
	if r := c.run("", "exec", "alice", "--ec2-server", "--ecs-server", "--", "true"); r.code != 2 || !strings.Contains(r.err, "cannot be used together") {
		t.Errorf("--ec2-server --ecs-server: exit %d, stderr %q", r.code, r.err)
	}
	for _, server := range []string{"--ec2-server", "-s"} {
		if r := c.run("", "exec", "alice", server, "-n", "--", "true"); r.code != 2 || !strings.Contains(r.err, "--no-session cannot be used") {
			t.Errorf("%s --no-session: exit %d, stderr %q; aws-vault refuses it", server, r.code, r.err)
		}
	}
}

// list --profiles, --credentials and --sessions print aws-vault's bare lists, one name a
// line, which shell completions and scripts read; --credentials wins over --profiles, which
// wins over --sessions, as in aws-vault.
func TestListBareLists(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig+"\n[profile bob]\nregion = eu-west-1\n")
	c.addAlice()
	c.env["AWS_ACCESS_KEY_ID"], c.env["AWS_SECRET_ACCESS_KEY"] = aliceKeyID, aliceSecret
	c.ok("add", "--env", "--add-config=false", "keys-only")
	delete(c.env, "AWS_ACCESS_KEY_ID")
	delete(c.env, "AWS_SECRET_ACCESS_KEY")
	c.ok("env", "alice", "--mfa-token="+goodCode)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"ls", "--profiles"}, `^alice\nbob\n$`},
		{[]string{"list", "--credentials"}, `^alice\nkeys-only\n$`},
		{[]string{"list", "--sessions"}, `^sts\.GetSessionToken:(59m5\d|1h0m0)s\n$`},
		{[]string{"list", "--sessions", "--profiles", "--credentials"}, `^alice\nkeys-only\n$`},
	} {
		if out := c.ok(tt.args...); !regexpMatch(tt.want, out) {
			t.Errorf("%q printed %q, want %s", tt.args, out, tt.want)
		}
	}
}

// --debug says how long a credential_process took, and shows none of what it printed.
func TestDebugLogsCredentialProcess(t *testing.T) {
	t.Parallel()
	c := newCLI(t, "")
	c.processProfile(processDocument(validProcKeyID, validProcSecret, validProcToken, time.Now().Add(time.Hour)))
	r := c.run("", "env", "--debug", "evil")
	if r.code != 0 || !regexpMatch(`(?m)process: ran the credential_process of profile evil in \d`, r.err) {
		t.Errorf("env --debug: exit %d, stderr:\n%s", r.code, r.err)
	}
	for _, secret := range []string{validProcKeyID, validProcSecret, validProcToken} {
		if strings.Contains(r.err, secret) {
			t.Errorf("env --debug logged %q:\n%s", secret, r.err)
		}
	}
}
