package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stubYkman puts an executable `ykman` first on the CLI's PATH that records its arguments,
// one per line, and prints body's output (a code) as the real one does.
func stubYkman(t *testing.T, c *cli, body string) (argsFile string) {
	t.Helper()
	dir := t.TempDir()
	argsFile = filepath.Join(dir, "args")
	script := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + argsFile + "'\n" + body + "\n"
	if err := os.WriteFile(filepath.Join(dir, "ykman"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	c.env["PATH"] = dir + string(os.PathListSeparator) + c.env["PATH"]
	return argsFile
}

// TestPromptYkmanCodeReachesSTS: with --prompt=ykman (after the profile, before the command,
// as a separate value) or AWS_VAULT_PROMPT=ykman, every command that asks for MFA runs
// `ykman oath accounts code --single <mfa_serial>`, and that code is what STS receives.
func TestPromptYkmanCodeReachesSTS(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		env  string // AWS_VAULT_PROMPT
		args []string
		want string // in stdout
	}{
		{"env_flag_after_profile", "", []string{"env", "alice", "--prompt=ykman", "--format=env"}, "AWS_SESSION_TOKEN="},
		{"export_flag_before_command", "", []string{"--prompt=ykman", "export", "alice"}, "AWS_SESSION_TOKEN="},
		{"exec_flag_value_apart", "", []string{"exec", "--prompt", "ykman", "alice", "--", "sh", "-c", "printf 'key=%s' \"$AWS_ACCESS_KEY_ID\""}, "key=ASIA"},
		{"login_stdout_from_alfred", "", []string{"login", "admin", "--prompt=ykman", "--stdout"}, "Action=login"},
		{"env_variable", "ykman", []string{"env", "alice"}, "AWS_SESSION_TOKEN="},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := consoleCLI(t)
			argsFile := stubYkman(t, c, "echo '  "+goodCode+"'")
			if tc.env != "" {
				c.env["AWS_VAULT_PROMPT"] = tc.env
			}
			r := c.run("", tc.args...)
			if r.code != 0 || !strings.Contains(r.out, tc.want) {
				t.Fatalf("vaultbar %s: exit %d, out %q, err %q", strings.Join(tc.args, " "), r.code, r.out, r.err)
			}
			args, err := os.ReadFile(argsFile)
			if err != nil {
				t.Fatalf("ykman did not run: %v", err)
			}
			if want := "oath\naccounts\ncode\n--single\n" + aliceMFA + "\n"; string(args) != want {
				t.Errorf("ykman arguments %q, want %q", args, want)
			}
			var codes []string
			for _, call := range c.fake.Calls() {
				if code := call.Params.Get("TokenCode"); code != "" {
					codes = append(codes, call.Action+":"+code)
				}
			}
			if len(codes) != 1 || !strings.HasSuffix(codes[0], ":"+goodCode) {
				t.Errorf("codes STS received = %q, want ykman's %s once", codes, goodCode)
			}
		})
	}
}

func TestPromptYkmanOptionsAndFailure(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	argsFile := stubYkman(t, c, `echo "ERROR: No YubiKey detected!" >&2; exit 1`)
	c.env["YKMAN_OATH_DEVICE_SERIAL"] = "7654321"
	c.env["YKMAN_OATH_CREDENTIAL_NAME"] = "Amazon Web Services:alice"
	r := c.run("", "env", "alice", "--prompt=ykman")
	if r.code != 1 || !strings.Contains(r.err, "prompt ykman: exit status 1") || !strings.Contains(r.err, "ykman oath accounts list") {
		t.Errorf("ykman failing: exit %d, err %q", r.code, r.err)
	}
	if !strings.Contains(r.err, "No YubiKey detected") {
		t.Errorf("ykman's own message was not passed through: %q", r.err)
	}
	args, _ := os.ReadFile(argsFile)
	if want := "--device\n7654321\noath\naccounts\ncode\n--single\nAmazon Web Services:alice\n"; string(args) != want {
		t.Errorf("ykman arguments %q, want %q", args, want)
	}
	if n := len(c.fake.CallsFor("GetSessionToken")); n != 0 {
		t.Errorf("%d GetSessionToken calls without a code, want none", n)
	}
}

func TestPromptNamesAreChecked(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	for _, tc := range []struct {
		env  string
		args []string
		code int
		want []string
	}{
		{"", []string{"env", "alice", "--prompt=yubikey"}, 2, []string{"kdialog, osascript, pass, terminal, wincredui, ykman, zenity", "usage:"}},
		{"bogus", []string{"exec", "alice", "--", "true"}, 2, []string{`"bogus"`, "AWS_VAULT_PROMPT"}},
		{"", []string{"--prompt=nope"}, 2, []string{`"nope"`}},
		{"", []string{"console", "alice", "--stdout", "--prompt=osascript"}, 1, []string{"prompt osascript works on macos only", "on this system use kdialog, terminal, ykman, zenity"}},
		{"", []string{"serve", "alice", "--prompt=wincredui"}, 1, []string{"prompt wincredui works on windows only"}},
		{"pass", []string{"env", "alice"}, 1, []string{"prompt pass was removed", "mfa_process = pass otp"}},
	} {
		if tc.env != "" {
			c.env["AWS_VAULT_PROMPT"] = tc.env
		}
		r := c.run("", tc.args...)
		delete(c.env, "AWS_VAULT_PROMPT")
		if r.code != tc.code {
			t.Errorf("vaultbar %s: exit %d, want %d; err %q", strings.Join(tc.args, " "), r.code, tc.code, r.err)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.err, w) {
				t.Errorf("vaultbar %s: stderr %q lacks %q", strings.Join(tc.args, " "), r.err, w)
			}
		}
	}
	if n := len(c.fake.Calls()); n != 0 {
		t.Errorf("%d STS calls, want none", n)
	}
}
