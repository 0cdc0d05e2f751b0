package main

import (
	"os"
	"strings"
	"testing"
)

// A profile name that cannot be a section of ~/.aws/config is refused before anything is
// stored: no keys in the keyring, the config byte-for-byte as it was, nothing on stdout and
// one lowercase line with a hint on stderr.
func TestAddRefusesUnusableProfileName(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"new\nline", "tab\there", " leading", "trailing ", "bell\a", "a]b", "del\x7f"} {
		t.Run(strings.NewReplacer("\n", `\n`, "\t", `\t`, "\a", `\a`, "\x7f", `\x7f`).Replace(name), func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, aliceConfig)
			c.env["AWS_ACCESS_KEY_ID"], c.env["AWS_SECRET_ACCESS_KEY"] = aliceKeyID, aliceSecret
			r := c.run("", "add", "--env", name)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1; stdout %q, stderr %q", r.code, r.out, r.err)
			}
			if r.out != "" {
				t.Errorf("stdout %q, want nothing (no \"Added credentials\")", r.out)
			}
			lines := strings.Split(strings.TrimSuffix(r.err, "\n"), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "vaultbar: profile name") || !strings.Contains(lines[0], "(hint: ") {
				t.Errorf("stderr %q, want one 'vaultbar: profile name …' line with a hint", r.err)
			}
			if files := c.keyFiles(); len(files) != 0 {
				t.Errorf("keyring has items %q, want none", keysOfMap(files))
			}
			if cfg, err := os.ReadFile(c.env["AWS_CONFIG_FILE"]); err != nil || string(cfg) != aliceConfig {
				t.Errorf("config changed: %q (%v)", cfg, err)
			}
		})
	}
}

// Names that work in ~/.aws/config for aws-vault and Vaultbar are still accepted.
func TestAddAcceptsUsualProfileNames(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"dev", "my profile", "a.b-c_d@e", "prod/eu", "π"} {
		c := newCLI(t, "")
		c.env["AWS_ACCESS_KEY_ID"], c.env["AWS_SECRET_ACCESS_KEY"] = aliceKeyID, aliceSecret
		c.ok("add", "--env", name)
		if out := c.ok("list", "--format=json"); !strings.Contains(out, name) {
			t.Errorf("list after adding %q: %s", name, out)
		}
	}
}
