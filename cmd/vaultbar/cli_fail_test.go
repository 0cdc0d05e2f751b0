package main

import (
	"encoding/json"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/keyring"
)

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }

// Every bad input fails with exit 1 and one clear lowercase line on stderr that carries a
// hint, never a secret, and leaves the keyring exactly as it was.
func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		config string
		setup  func(c *cli)
		args   []string
		want   string
	}{
		{name: "malformed_config", config: "[profile alice\nregion = x\n", args: []string{"env", "alice"}, want: "config"},
		{name: "include_loop", config: "[profile a]\ninclude_profile = b\n[profile b]\ninclude_profile = a\n",
			args: []string{"env", "a"}, want: "include_profile"},
		{name: "unknown_source_profile", config: "[profile r]\nsource_profile = nope\nrole_arn = arn:aws:iam::1:role/x\n",
			args: []string{"env", "r"}, want: "nope"},
		{name: "unknown_profile", config: aliceConfig, args: []string{"env", "ghost"}, want: "not found"},
		{name: "corrupt_keyring_item", config: aliceConfig, setup: corruptAlice, args: []string{"env", "alice", "--mfa-token=" + goodCode}, want: "corrupt"},
		{name: "locked_keyring", config: aliceConfig, setup: func(c *cli) { c.addAlice(); c.env["AWS_VAULT_FILE_PASSPHRASE"] = "wrong" },
			args: []string{"env", "alice", "--mfa-token=" + goodCode}, want: "locked"},
		{name: "absent_keyring", config: aliceConfig, setup: func(c *cli) { c.env["AWS_VAULT_BACKEND"] = "nope" },
			args: []string{"list"}, want: "keyring"},
		{name: "wrong_mfa_code", config: aliceConfig, setup: (*cli).addAlice,
			args: []string{"env", "alice", "--mfa-token=654321"}, want: "mfa code was rejected"},
		{name: "mfa_code_not_digits", config: aliceConfig, setup: (*cli).addAlice,
			args: []string{"env", "alice", "--mfa-token=abc"}, want: "6 digits"},
		{name: "access_denied", config: aliceConfig, setup: func(c *cli) {
			c.addAlice()
			c.fake.STS.FailNext("GetSessionToken", "AccessDenied", "Not allowed", 403)
		}, args: []string{"env", "alice", "--mfa-token=" + goodCode}, want: "access denied"},
		{name: "expired_token", config: aliceConfig, setup: func(c *cli) {
			c.addAlice()
			c.fake.STS.FailNext("GetSessionToken", "ExpiredToken", "The security token included in the request is expired", 403)
		}, args: []string{"env", "alice", "--mfa-token=" + goodCode}, want: "expired"},
		{name: "invalid_client_token_id", config: aliceConfig, setup: func(c *cli) {
			c.env["AWS_ACCESS_KEY_ID"], c.env["AWS_SECRET_ACCESS_KEY"] = "AKIAUNKNOWN000000001", aliceSecret
			c.ok("add", "--env", "alice")
		}, args: []string{"env", "alice", "--mfa-token=" + goodCode}, want: "not valid"},
		{name: "network_down", config: aliceConfig, setup: func(c *cli) {
			c.addAlice()
			c.env["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:1"
		}, args: []string{"env", "alice", "--mfa-token=" + goodCode}, want: "cannot reach"},
		{name: "add_bad_key_id", config: aliceConfig, setup: func(c *cli) {
			c.env["AWS_ACCESS_KEY_ID"], c.env["AWS_SECRET_ACCESS_KEY"] = "not a key", aliceSecret
		}, args: []string{"add", "--env", "alice"}, want: "access key id"},
		{name: "add_to_sourced_profile", config: "[profile r]\nsource_profile = alice\nrole_arn = arn:aws:iam::1:role/x\n[profile alice]\n",
			setup: func(c *cli) { c.env["AWS_ACCESS_KEY_ID"], c.env["AWS_SECRET_ACCESS_KEY"] = aliceKeyID, aliceSecret },
			args:  []string{"add", "--env", "r"}, want: "source_profile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, tt.config)
			if tt.setup != nil {
				tt.setup(c)
			}
			before := c.keyFiles()
			r := c.run("", tt.args...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1; stderr %q", r.code, r.err)
			}
			lines := strings.Split(strings.TrimSuffix(r.err, "\n"), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "vaultbar: ") {
				t.Fatalf("stderr is not one 'vaultbar: ' line: %q", r.err)
			}
			msg := strings.TrimPrefix(lines[0], "vaultbar: ")
			if msg[:1] != strings.ToLower(msg[:1]) || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q: want lowercase, mentioning %q", msg, tt.want)
			}
			if !strings.Contains(msg, "(hint: ") {
				t.Errorf("error %q has no hint", msg)
			}
			for _, s := range []string{aliceSecret, "fakesecret", "faketoken", goodCode} {
				if strings.Contains(r.out+r.err, s) {
					t.Errorf("output leaks secret %q: %q", s, r.out+r.err)
				}
			}
			if after := c.keyFiles(); !maps.Equal(before, after) {
				t.Errorf("keyring files changed: %d before, %d after", len(before), len(after))
			}
		})
	}
}

// corruptAlice stores an item under alice's key that is not aws-vault's credentials JSON.
func corruptAlice(c *cli) {
	kr, err := keyring.Open(keyring.Config{
		ServiceName: "aws-vault", AllowedBackends: []keyring.BackendType{keyring.FileBackend},
		FileDir:          c.env["AWS_VAULT_FILE_DIR"],
		FilePasswordFunc: func(string) (string, error) { return c.env["AWS_VAULT_FILE_PASSPHRASE"], nil },
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if err := kr.Set(keyring.Item{Key: "alice", Data: []byte("{not json")}); err != nil {
		c.t.Fatal(err)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	for _, args := range [][]string{{"frobnicate"}, {"env"}, {"env", "a", "b"}, {"env", "alice", "--format=xml"},
		{"list", "--format=csv"}, {"env", "alice", "--duration=forever"}, {"clear", "a", "b"}} {
		if r := c.run("", args...); r.code != 2 || !strings.HasPrefix(r.err, "vaultbar: ") {
			t.Errorf("vaultbar %v: exit %d, stderr %q; want 2 and a usage message", args, r.code, r.err)
		}
	}
}

func TestListFormats(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig+"[profile bob]\n")
	c.addAlice()
	c.ok("env", "alice", "--mfa-token="+goodCode)
	var rows []struct {
		Profile     string
		Credentials bool
		Sessions    []struct{ Type string }
	}
	if err := json.Unmarshal([]byte(c.ok("list", "--format=json")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Profile != "alice" || !rows[0].Credentials || len(rows[0].Sessions) != 1 ||
		rows[0].Sessions[0].Type != "sts.GetSessionToken" || rows[1].Profile != "bob" || rows[1].Credentials {
		t.Errorf("list --format=json = %+v", rows)
	}
	var alfred struct {
		Items []struct{ Title, Subtitle, Arg string }
	}
	if err := json.Unmarshal([]byte(c.ok("list", "--format=alfred")), &alfred); err != nil {
		t.Fatal(err)
	}
	if len(alfred.Items) != 2 || alfred.Items[0].Arg != "vaultbar://console/alice" || !strings.HasPrefix(alfred.Items[0].Subtitle, "session valid until") {
		t.Errorf("list --format=alfred = %+v", alfred)
	}
	table := c.ok("list")
	if !regexpMatch(`(?m)^alice +alice +sts\.GetSessionToken:(59m5\d|1h0m0)s *$`, table) {
		t.Errorf("list table:\n%s", table)
	}
}

func TestClear(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	c.ok("env", "alice", "--mfa-token="+goodCode)
	if got := c.ok("clear", "alice"); got != "Cleared 1 sessions.\n" {
		t.Errorf("clear alice = %q", got)
	}
	if files := c.keyFiles(); len(files) != 1 || files["alice"] == "" {
		t.Errorf("after clear the keyring holds %v, want only alice's keys", keysOfMap(files))
	}
}

func keysOfMap(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// refusedWithoutEffect fails t if exec ran its child (the file ran exists) or the keyring
// files differ from before: credentials that were refused must not be used or cached.
func (c *cli) refusedWithoutEffect(t *testing.T, ran string, before map[string]string) {
	t.Helper()
	if _, err := os.Stat(ran); !os.IsNotExist(err) {
		t.Errorf("exec ran its child with refused credentials (stat: %v)", err)
	}
	if after := c.keyFiles(); !maps.Equal(before, after) {
		t.Errorf("keyring changed: %v before, %v after; refused credentials must not be cached", keysOfMap(before), keysOfMap(after))
	}
}
