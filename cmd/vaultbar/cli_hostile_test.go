package main

import (
	"encoding/json"
	"errors"
	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/internal/e2e"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/vaultbar/vaultbar/vault"
)

// Values that run `touch PWNED` when a shell evaluates them unquoted.
const (
	hostileKeyID  = "ASIA$(touch PWNED)X"
	hostileSecret = "abc'; touch PWNED; echo 'def0000000000000"
	hostileToken  = "FwoGZXIvYXdzEBYaDH\n`touch PWNED`"
)

// processDocument is a credential_process answer with valid fields unless overridden.
func processDocument(id, secret, token string, exp time.Time) string {
	b, _ := json.Marshal(map[string]any{"Version": 1, "AccessKeyId": id, "SecretAccessKey": secret,
		"SessionToken": token, "Expiration": exp.UTC().Format(time.RFC3339)})
	return string(b)
}

const (
	validProcKeyID  = "ASIAPROC000000000001"
	validProcSecret = "procfakesecret00000000000000000000000000"
	validProcToken  = "procfaketokenAAAABBBBCCCC+/=="
)

// processProfile writes doc to a file and a profile evil whose credential_process prints it.
func (c *cli) processProfile(doc string) {
	c.t.Helper()
	path := filepath.Join(c.dir, "doc.json")
	must(c.t, os.WriteFile(path, []byte(doc), 0o600))
	c.writeConfig("[profile evil]\nregion = eu-west-1\ncredential_process = cat '" + path + "'\n")
}

// plantedStore opens the cli's file keyring as another program (or an attacker with the
// passphrase) would, to plant items that vaultbar add would refuse.
func (c *cli) plantedStore() *vault.Store {
	c.t.Helper()
	kr, err := keyring.Open(keyring.Config{
		ServiceName: "aws-vault", AllowedBackends: []keyring.BackendType{keyring.FileBackend},
		FileDir:          c.env["AWS_VAULT_FILE_DIR"],
		FilePasswordFunc: func(string) (string, error) { return c.env["AWS_VAULT_FILE_PASSPHRASE"], nil },
	})
	must(c.t, err)
	return vault.NewStore(kr, time.Now)
}

// Credentials whose fields cannot be AWS's, from a credential_process or a planted keyring
// item, are refused by env (every format) and exec with one line naming the profile and the
// field; the value never appears, the child never runs, and nothing new is cached.
func TestHostileCredentialsAreRefused(t *testing.T) {
	t.Parallel()
	hour := time.Now().Add(time.Hour)
	tests := []struct {
		name, profile, field, hint string
		setup                      func(c *cli)
		flags                      []string
		hostile                    string
	}{
		{name: "process_access_key_id", profile: "evil", field: "AccessKeyId", hint: "credential_process", hostile: hostileKeyID,
			setup: func(c *cli) { c.processProfile(processDocument(hostileKeyID, validProcSecret, validProcToken, hour)) }},
		{name: "process_secret", profile: "evil", field: "SecretAccessKey", hint: "credential_process", hostile: hostileSecret,
			setup: func(c *cli) { c.processProfile(processDocument(validProcKeyID, hostileSecret, validProcToken, hour)) }},
		{name: "process_token", profile: "evil", field: "SessionToken", hint: "credential_process", hostile: hostileToken,
			setup: func(c *cli) { c.processProfile(processDocument(validProcKeyID, validProcSecret, hostileToken, hour)) }},
		{name: "planted_keys", profile: "alice", field: "AccessKeyId", hint: "vaultbar remove alice", hostile: hostileKeyID,
			flags: []string{"--no-session"}, setup: func(c *cli) {
				must(t, c.plantedStore().SetCredentials("alice", aws.Credentials{AccessKeyID: hostileKeyID, SecretAccessKey: aliceSecret}))
			}},
		{name: "planted_session", profile: "alice", field: "SessionToken", hint: "vaultbar clear alice", hostile: hostileToken,
			setup: func(c *cli) {
				c.addAlice()
				must(t, c.plantedStore().SetSession(vault.SessionTypeSessionToken, "alice", aliceMFA, types.Credentials{
					AccessKeyId: aws.String("ASIAPLANTED000000001"), SecretAccessKey: aws.String(validProcSecret),
					SessionToken: aws.String(hostileToken), Expiration: aws.Time(hour)}))
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, aliceConfig)
			tt.setup(c)
			before := c.keyFiles()
			ran := filepath.Join(c.dir, "child-ran")
			runs := [][]string{{"exec", tt.profile}, {"env", tt.profile}}
			for _, f := range app.EnvFormats {
				runs = append(runs, []string{"env", tt.profile, "--format=" + f})
			}
			for _, args := range runs {
				if args[0] == "exec" {
					args = append(append(args, tt.flags...), "--", "sh", "-c", "touch '"+ran+"'")
				} else {
					args = append(args, tt.flags...)
				}
				r := c.run("", args...)
				if r.code != 1 || r.out != "" {
					t.Errorf("%v: exit %d, stdout %q; want 1 and nothing printed", args, r.code, r.out)
				}
				msg := strings.TrimSuffix(r.err, "\n")
				if strings.Contains(msg, "\n") || !strings.Contains(msg, "profile "+tt.profile) || !strings.Contains(msg, tt.field) ||
					!strings.Contains(msg, "(hint: ") || !strings.Contains(msg, tt.hint) {
					t.Errorf("%v: stderr %q; want one line naming profile %s, field %s and a hint mentioning %q", args, r.err, tt.profile, tt.field, tt.hint)
				}
				for _, leak := range []string{tt.hostile, "touch PWNED", strings.SplitN(tt.hostile, "\n", 2)[0]} {
					if strings.Contains(r.out+r.err, leak) {
						t.Errorf("%v: output shows the value %q: %q", args, leak, r.out+r.err)
					}
				}
			}
			c.refusedWithoutEffect(t, ran, before)
		})
	}
}

// A region from the config reaches env's output quoted: evaluated by sh it sets AWS_REGION to
// exactly the configured text and runs nothing.
func TestHostileRegionIsQuoted(t *testing.T) {
	t.Parallel()
	const region = "us-east-1; touch PWNED"
	c := newCLI(t, "[profile alice]\nregion = "+region+"\nmfa_serial = "+aliceMFA+"\n")
	c.addAlice()
	// A cached session: the SDK would refuse to build an STS endpoint from that region.
	must(t, c.plantedStore().SetSession(vault.SessionTypeSessionToken, "alice", aliceMFA, types.Credentials{
		AccessKeyId: aws.String("ASIACACHED0000000001"), SecretAccessKey: aws.String(validProcSecret),
		SessionToken: aws.String(validProcToken), Expiration: aws.Time(time.Now().Add(time.Hour))}))
	for _, format := range []string{"export", "env", "dotenv"} {
		out := c.ok("env", "alice", "--format="+format)
		got := e2e.EvalShell(t, "sh", format, out, "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID")
		if got[0] != region || got[1] != region || !strings.HasPrefix(got[2], "ASIA") {
			t.Errorf("--format=%s evaluated by sh sets %q; want the region %q twice and the session key:\n%s", format, got, region, out)
		}
	}
}

// The real binary in the real shell: `eval "$(vaultbar env evil)"` with a credential_process
// that prints a hostile field runs nothing, and `vaultbar env evil` exits 1 with one line
// naming the field.
func TestE2EEvalOfHostileCredentialProcess(t *testing.T) {
	bin := vaultbarBinary(t)
	hour := time.Now().Add(time.Hour)
	for _, tt := range []struct{ field, doc string }{
		{"AccessKeyId", processDocument(hostileKeyID, validProcSecret, validProcToken, hour)},
		{"SessionToken", processDocument(validProcKeyID, validProcSecret, hostileToken, hour)},
	} {
		c := newCLI(t, "")
		c.processProfile(tt.doc)
		work := t.TempDir()
		var environ []string
		for k, v := range c.env {
			environ = append(environ, k+"="+v)
		}
		env := exec.Command(bin, "env", "evil")
		env.Env, env.Dir = environ, work
		var stderr strings.Builder
		env.Stderr = &stderr
		out, err := env.Output()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 || len(out) != 0 {
			t.Errorf("vaultbar env evil: %v, stdout %q; want exit 1 and nothing on stdout", err, out)
		}
		line := strings.TrimSuffix(stderr.String(), "\n")
		if strings.Contains(line, "\n") || !strings.Contains(line, "profile evil") || !strings.Contains(line, tt.field) || strings.Contains(line, "PWNED") {
			t.Errorf("stderr %q: want one line naming profile evil and %s, without the value", stderr.String(), tt.field)
		}
		sh := exec.Command("sh", "-c", `eval "$("$0" env evil)"`, bin)
		sh.Env, sh.Dir = environ, work
		if out, err := sh.CombinedOutput(); err != nil {
			t.Logf("sh: %v: %s", err, out)
		}
		if _, err := os.Stat(filepath.Join(work, "PWNED")); !os.IsNotExist(err) {
			t.Errorf("eval \"$(vaultbar env evil)\" with a hostile %s ran its command: PWNED exists", tt.field)
		}
	}
}
