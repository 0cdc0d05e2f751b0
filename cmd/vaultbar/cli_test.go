package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/vault"
)

const (
	aliceMFA    = "arn:aws:iam::111111111111:mfa/alice"
	aliceKeyID  = "AKIAALICE00000000001"
	aliceSecret = "alicesecretfakesecret0000000000000000000"
	goodCode    = "123456"
)

// cli runs vaultbar in-process against the file backend in a temp dir and a fake STS.
type cli struct {
	t    *testing.T
	dir  string
	env  vault.Env
	fake *fakeaws.Fake
}

func newCLI(t *testing.T, config string) *cli {
	t.Helper()
	dir := t.TempDir()
	c := &cli{t: t, dir: dir, fake: fakeaws.Start(t)}
	c.fake.STS.AddUser(aliceKeyID, aliceSecret, "alice")
	c.fake.STS.SetMFA(aliceMFA, goodCode)
	c.env = vault.Env{
		"HOME":                      dir,
		"PATH":                      os.Getenv("PATH"),
		"AWS_CONFIG_FILE":           filepath.Join(dir, "config"),
		"AWS_VAULT_BACKEND":         "file",
		"AWS_VAULT_FILE_DIR":        filepath.Join(dir, "keys"),
		"AWS_VAULT_FILE_PASSPHRASE": "test-passphrase",
		"AWS_ENDPOINT_URL_STS":      c.fake.URL,
	}
	if config != "" {
		c.writeConfig(config)
	}
	return c
}

func (c *cli) writeConfig(s string) {
	c.t.Helper()
	if err := os.WriteFile(c.env["AWS_CONFIG_FILE"], []byte(s), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

type result struct {
	out, err string
	code     int
}

func (c *cli) run(stdin string, args ...string) result {
	c.t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, stdio{in: strings.NewReader(stdin), out: &out, err: &errb}, c.env)
	return result{out.String(), errb.String(), code}
}

// ok runs a command that must succeed and returns its stdout.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	r := c.run("", args...)
	if r.code != 0 {
		c.t.Fatalf("vaultbar %s: exit %d: %s", strings.Join(args, " "), r.code, r.err)
	}
	return r.out
}

func (c *cli) addAlice() {
	c.t.Helper()
	c.env["AWS_ACCESS_KEY_ID"], c.env["AWS_SECRET_ACCESS_KEY"] = aliceKeyID, aliceSecret
	c.ok("add", "--env", "alice")
	delete(c.env, "AWS_ACCESS_KEY_ID")
	delete(c.env, "AWS_SECRET_ACCESS_KEY")
}

// keyFiles is the file backend's directory: names and bytes, to prove nothing changed.
func (c *cli) keyFiles() map[string]string {
	c.t.Helper()
	out := map[string]string{}
	entries, _ := os.ReadDir(c.env["AWS_VAULT_FILE_DIR"])
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(c.env["AWS_VAULT_FILE_DIR"], e.Name()))
		if err != nil {
			c.t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

const aliceConfig = `# my profiles
[profile alice]
region = eu-west-1
mfa_serial = ` + aliceMFA + `
`

func TestAddListRemove(t *testing.T) {
	t.Parallel()
	c := newCLI(t, "")
	c.env["AWS_ACCESS_KEY_ID"], c.env["AWS_SECRET_ACCESS_KEY"] = aliceKeyID, aliceSecret
	if got := c.ok("add", "--env", "alice"); got != "Added credentials to profile \"alice\" in vault\n" {
		t.Errorf("add printed %q", got)
	}
	cfg, err := os.ReadFile(c.env["AWS_CONFIG_FILE"])
	if err != nil || !strings.Contains(string(cfg), "[profile alice]") {
		t.Errorf("config after add = %q, %v; want a [profile alice] section", cfg, err)
	}
	table := c.ok("list")
	if !regexpMatch(`(?m)^alice +alice +- *$`, table) {
		t.Errorf("list table:\n%s", table)
	}
	env := c.ok("env", "alice", "--no-session", "--format=env")
	if want := "AWS_ACCESS_KEY_ID=" + aliceKeyID + "\nAWS_SECRET_ACCESS_KEY=" + aliceSecret + "\n"; env != want {
		t.Errorf("env --no-session = %q, want %q", env, want)
	}
	if got := c.ok("remove", "--force", "alice"); got != "Deleted credentials.\nDeleted 0 sessions.\n" {
		t.Errorf("remove printed %q", got)
	}
	if table := c.ok("list"); !regexpMatch(`(?m)^alice +- +- *$`, table) {
		t.Errorf("list after remove:\n%s", table)
	}
}

// Scripts can pipe the two keys to add; they are stored, and the secret is never printed.
func TestAddReadsKeysFromAPipe(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	r := c.run(aliceKeyID+"\n"+aliceSecret+"\n", "add", "alice")
	if r.code != 0 || strings.Contains(r.out+r.err, aliceSecret) {
		t.Fatalf("add from a pipe: exit %d, out %q, err %q", r.code, r.out, r.err)
	}
	if got := c.ok("env", "alice", "--no-session", "--format=json"); !strings.Contains(got, aliceKeyID) {
		t.Errorf("stored keys not used: %s", got)
	}
	if r := c.run(aliceKeyID+"\n", "add", "alice"); r.code != 1 || !strings.Contains(r.err, "two lines") {
		t.Errorf("one line only: exit %d, err %q", r.code, r.err)
	}
}
