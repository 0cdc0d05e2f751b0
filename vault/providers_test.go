package vault_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/vault"
)

// processScript writes a credential_process that prints body and counts its runs in a file.
func processScript(t *testing.T, body string) (command, runs string) {
	t.Helper()
	dir := t.TempDir()
	runs = filepath.Join(dir, "runs")
	script := filepath.Join(dir, "creds.sh")
	content := fmt.Sprintf("#!/bin/sh\necho run >> %q\ncat <<'EOF'\n%s\nEOF\n", runs, body)
	must(t, os.WriteFile(script, []byte(content), 0o700))
	return script + " --profile x", runs
}

func countRuns(t *testing.T, file string) int {
	b, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return 0
	}
	must(t, err)
	return strings.Count(string(b), "run")
}

func TestCredentialProcessIsRunOnceAndCached(t *testing.T) {
	t.Parallel()
	exp := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	cmd, runs := processScript(t, `{"Version":1,"AccessKeyId":"ASIAPROC000000000001","SecretAccessKey":"procfakesecret0000000000000000000000000","SessionToken":"procfaketoken000","Expiration":"`+exp+`"}`)
	r := newRig(t)
	cfg, err := vault.ParseConfig([]byte("[profile proc]\ncredential_process = " + cmd + "\n"))
	must(t, err)
	r.cfg = cfg
	for range 2 {
		c, err := r.creds("proc", vault.CredentialOptions{})
		must(t, err)
		if c.AccessKeyID != "ASIAPROC000000000001" || c.SessionToken != "procfaketoken000" || c.Expires.Format(time.RFC3339) != exp {
			t.Errorf("credentials = %s, token %s, expires %s", c.AccessKeyID, c.SessionToken, c.Expires)
		}
	}
	if n := countRuns(t, runs); n != 1 {
		t.Errorf("credential_process ran %d times, want 1 (then cached)", n)
	}
	if got := r.sessionKeys(); len(got) != 1 || got[0] != "credential_process proc " {
		t.Errorf("cached sessions = %q", got)
	}
}

func TestCredentialProcessBadOutput(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"not_json":      "here is procfakesecret, not json",
		"long_term_key": `{"Version":1,"AccessKeyId":"AKIAPROC000000000001","SecretAccessKey":"procfakesecret"}`,
		"version_2":     `{"Version":2,"AccessKeyId":"ASIAPROC000000000001","SecretAccessKey":"procfakesecret","SessionToken":"t","Expiration":"2099-01-01T00:00:00Z"}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd, _ := processScript(t, body)
			r := newRig(t)
			cfg, err := vault.ParseConfig([]byte("[profile proc]\ncredential_process = " + cmd + "\n"))
			must(t, err)
			r.cfg = cfg
			_, err = r.creds("proc", vault.CredentialOptions{})
			if err == nil || !strings.Contains(err.Error(), "credential_process of profile proc") || vault.Hint(err) == "" {
				t.Fatalf("error = %v (hint %q), want one naming the credential_process, with a hint", err, vault.Hint(err))
			}
			if strings.Contains(err.Error(), "procfakesecret") || strings.Contains(err.Error(), "--profile") {
				t.Errorf("error %q repeats the output or the arguments", err)
			}
		})
	}
}

func TestMFAProcessAnswersInsteadOfThePrompt(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	cfg, err := vault.ParseConfig([]byte(chainConfig + "\n[profile alice-yk]\nregion = eu-west-1\nmfa_serial = " + aliceMFA + "\nmfa_process = echo ' " + goodCode + " '\n"))
	must(t, err)
	r.cfg = cfg
	must(t, r.store.SetCredentials("alice-yk", aws.Credentials{AccessKeyID: aliceKeyID, SecretAccessKey: aliceSecret}))
	_, err = r.creds("alice-yk", vault.CredentialOptions{})
	must(t, err)
	calls := r.fake.STS.CallsFor("GetSessionToken")
	if r.prompts.Load() != 0 || len(calls) != 1 || calls[0].Params.Get("TokenCode") != goodCode {
		t.Errorf("prompts %d, calls %d; want the code from mfa_process and no prompt", r.prompts.Load(), len(calls))
	}
}

func TestMFATokenFlagWinsAndDurationFlagIsSent(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	p := r.profile("admin-long", vault.Overrides{MFAToken: goodCode, Duration: 3 * time.Hour})
	_, err := r.v.Credentials(context.Background(), p, vault.CredentialOptions{})
	must(t, err)
	calls := r.fake.STS.CallsFor("AssumeRole")
	if r.prompts.Load() != 0 || len(calls) != 1 || calls[0].Params.Get("DurationSeconds") != "10800" {
		t.Errorf("prompts %d, AssumeRole calls %+v; want --mfa-token used and 10800 s asked", r.prompts.Load(), calls)
	}
}

func TestFederationToken(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	keys, err := r.store.Credentials("alice")
	must(t, err)
	c, err := r.v.FederationToken(context.Background(), r.profile("alice", vault.Overrides{}), keys)
	must(t, err)
	calls := r.fake.STS.Calls()
	if len(calls) != 2 || calls[0].Action != "GetCallerIdentity" || calls[1].Action != "GetFederationToken" {
		t.Fatalf("calls = %+v", calls)
	}
	fed := calls[1].Params
	if fed.Get("Name") != "alice" || !strings.Contains(fed.Get("Policy"), `"Action":"*"`) || fed.Get("DurationSeconds") != "3600" ||
		calls[1].AccessKeyID != aliceKeyID || c.SessionToken == "" {
		t.Errorf("GetFederationToken sent %v signed by %s", fed, calls[1].AccessKeyID)
	}
	if got := r.sessionKeys(); len(got) != 0 {
		t.Errorf("federation credentials were cached: %q", got)
	}
}
