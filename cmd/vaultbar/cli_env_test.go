package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

type processDoc struct {
	Version                                   int
	AccessKeyID                               string `json:"AccessKeyId"`
	SecretAccessKey, SessionToken, Expiration string
}

func TestEnvFormats(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	var doc processDoc
	raw := c.ok("env", "alice", "--format=json", "--mfa-token="+goodCode)
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || !strings.HasPrefix(doc.AccessKeyID, "ASIA") || doc.SessionToken == "" {
		t.Fatalf("json = %s", raw)
	}
	if _, err := time.Parse(time.RFC3339, doc.Expiration); err != nil || strings.Contains(doc.Expiration, ".") {
		t.Errorf("Expiration %q is not RFC3339 with whole seconds", doc.Expiration)
	}
	if !strings.HasPrefix(raw, "{\n  \"Version\": 1,\n  \"AccessKeyId\": ") {
		t.Errorf("json is not indented as aws-vault prints it: %q", raw)
	}
	vars := [][2]string{{"AWS_ACCESS_KEY_ID", doc.AccessKeyID}, {"AWS_SECRET_ACCESS_KEY", doc.SecretAccessKey},
		{"AWS_SESSION_TOKEN", doc.SessionToken}, {"AWS_CREDENTIAL_EXPIRATION", doc.Expiration},
		{"AWS_REGION", "eu-west-1"}, {"AWS_DEFAULT_REGION", "eu-west-1"}}
	formats := map[string]func(k, v string) string{
		"env":        func(k, v string) string { return k + "=" + v },
		"export":     func(k, v string) string { return "export " + k + "=" + v },
		"fish":       func(k, v string) string { return "set -gx " + k + " '" + v + "';" },
		"powershell": func(k, v string) string { return "$Env:" + k + " = '" + v + "'" },
		"dotenv":     func(k, v string) string { return k + "=" + v },
	}
	for format, line := range formats {
		var want strings.Builder
		for _, kv := range vars {
			want.WriteString(line(kv[0], kv[1]) + "\n")
		}
		// The session is cached now: every format shows the same credentials, no STS call.
		if got := c.ok("env", "alice", "--format="+format); got != want.String() {
			t.Errorf("--format=%s:\n%s\nwant:\n%s", format, got, want.String())
		}
	}
	if n := len(c.fake.STS.Calls()); n != 1 {
		t.Errorf("STS calls = %d, want 1 (later formats reuse the cached session)", n)
	}
}

func TestExecPassesEnvironmentAndExitCode(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	c.env["AWS_PROFILE"] = "other"
	c.env["AWS_SECRET_ACCESS_KEY"] = "stalesecret"
	r := c.run("", "exec", "alice", "--mfa-token="+goodCode, "--", "sh", "-c",
		`printf '%s|%s|%s|%s' "$AWS_VAULT" "$AWS_REGION" "${AWS_PROFILE-unset}" "$AWS_ACCESS_KEY_ID"; exit 7`)
	if r.code != 7 {
		t.Fatalf("exit %d, want the child's 7; stderr %q", r.code, r.err)
	}
	parts := strings.Split(r.out, "|")
	if len(parts) != 4 || parts[0] != "alice" || parts[1] != "eu-west-1" || parts[2] != "unset" || !strings.HasPrefix(parts[3], "ASIA") {
		t.Errorf("child saw %q; want AWS_VAULT, region, no AWS_PROFILE and a session key", r.out)
	}
	if r := c.run("", "exec", "alice", "--", "sh", "-c", "kill -TERM $$"); r.code != 143 {
		t.Errorf("child killed by SIGTERM: exit %d, want 143", r.code)
	}
	c.env["AWS_VAULT"] = "alice"
	if r := c.run("", "exec", "alice", "--", "true"); r.code != 1 || !strings.Contains(r.err, "subshell") {
		t.Errorf("nested exec: exit %d, stderr %q; want a refusal", r.code, r.err)
	}
}

// exec --ecs-server gives the command a server, not keys, as aws-vault does.
func TestExecWithECSServer(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	r := c.run("", "exec", "alice", "--ecs-server", "--mfa-token="+goodCode, "--", "sh", "-c",
		`printf '%s|%s|%s' "$AWS_CONTAINER_CREDENTIALS_FULL_URI" "${#AWS_CONTAINER_AUTHORIZATION_TOKEN}" "${AWS_ACCESS_KEY_ID-unset}"`)
	parts := strings.Split(r.out, "|")
	if r.code != 0 || len(parts) != 3 || !strings.HasPrefix(parts[0], "http://127.0.0.1:") || parts[1] != "43" || parts[2] != "unset" {
		t.Errorf("exit %d, child saw %q (stderr %q); want a loopback server URI, a 256-bit token and no keys", r.code, r.out, r.err)
	}
}

// exec --lazy -s starts the command before any credentials are fetched (a command that never
// calls AWS makes no STS call and needs no MFA code); the first request fetches them.
func TestExecLazyServerFetchesAtFirstRequest(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	c.ok("exec", "alice", "--lazy", "--ecs-server", "--", "true")
	if n := len(c.fake.Calls()); n != 0 {
		t.Fatalf("exec --lazy of a command that calls nothing made %d AWS calls", n)
	}
	c.ok("exec", "alice", "--ecs-server", "--mfa-token="+goodCode, "--", "true")
	if n := len(c.fake.CallsFor("GetSessionToken")); n != 1 {
		t.Fatalf("exec --ecs-server without --lazy made %d GetSessionToken calls before the command; want 1", n)
	}
	c.ok("clear", "alice")
	out := c.ok("exec", "alice", "--lazy", "-s", "--mfa-token="+goodCode, "--", "sh", "-c",
		`curl -fsS -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWS_CONTAINER_CREDENTIALS_FULL_URI"`)
	if !strings.Contains(out, `"AccessKeyId":"ASIA`) || len(c.fake.CallsFor("GetSessionToken")) != 2 {
		t.Errorf("the first request to a lazy server got %q after %d GetSessionToken calls; want a session, fetched then", out, len(c.fake.CallsFor("GetSessionToken")))
	}
	r := c.run("", "exec", "alice", "--lazy", "--", "true")
	if r.code != 2 || !strings.Contains(r.err, "--lazy needs a credentials server") {
		t.Errorf("exec --lazy without a server: exit %d, %q; want a usage error", r.code, r.err)
	}
}
