package vault_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

var ykReq = vault.MFARequest{Profile: "alice", Serial: aliceMFA}

// argvRecorder is a RunArgv that records the command lines and prints out.
func argvRecorder(out string, err error) (vault.RunArgv, *[][]string) {
	var got [][]string
	return func(_ context.Context, argv []string) ([]byte, error) {
		got = append(got, slices.Clone(argv))
		return []byte(out), err
	}, &got
}

func TestYkmanPromptRunsAwsVaultsCommandLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env  vault.Env
		want []string
	}{
		{nil, []string{"ykman", "oath", "accounts", "code", "--single", aliceMFA}},
		{vault.Env{"YKMAN_OATH_CREDENTIAL_NAME": "aws:alice", "YKMAN_OATH_DEVICE_SERIAL": "1234567"},
			[]string{"ykman", "--device", "1234567", "oath", "accounts", "code", "--single", "aws:alice"}},
		{vault.Env{"AWS_VAULT_YKMAN_VERSION": "3"}, []string{"ykman", "oath", "code", "--single", aliceMFA}},
	} {
		run, got := argvRecorder("654321\n", nil)
		prompt, err := vault.SelectPrompt("ykman", vault.PromptDeps{Run: run, Env: tc.env})
		must(t, err)
		code, err := prompt(context.Background(), ykReq)
		must(t, err)
		if code != "654321" || len(*got) != 1 || !slices.Equal((*got)[0], tc.want) {
			t.Errorf("env %v: code %q, argv %q, want %q", tc.env, code, *got, tc.want)
		}
	}
}

func TestYkmanPromptFailures(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		out       string
		err       error
		want      string
		wantHint  string
		forbidden string
	}{
		"not_installed": {"", &exec.Error{Name: "ykman", Err: exec.ErrNotFound}, "ykman is not installed", "install yubikey manager", ""},
		"no_key":        {"", errors.New("exit status 1"), "prompt ykman: exit status 1", "plug in the YubiKey", ""},
		"eight_digits":  {"12345678\n", nil, "no 6-digit code", "--digits 6", "12345678"},
	} {
		run, _ := argvRecorder(tc.out, tc.err)
		prompt, err := vault.SelectPrompt("ykman", vault.PromptDeps{Run: run})
		must(t, err)
		_, err = prompt(context.Background(), ykReq)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(vault.Hint(err), tc.wantHint) {
			t.Errorf("%s: error = %v (hint %q)", name, err, vault.Hint(err))
		}
		if tc.forbidden != "" && err != nil && strings.Contains(err.Error()+vault.Hint(err), tc.forbidden) {
			t.Errorf("%s: error repeats the output: %v", name, err)
		}
	}
}

// stubProgram writes an executable shell script named name that records its arguments, one
// per line, and then runs body.
func stubProgram(t *testing.T, name, body string) (dir, argsFile string) {
	t.Helper()
	dir = t.TempDir()
	argsFile = filepath.Join(dir, name+".args")
	script := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + argsFile + "'\n" + body + "\n"
	must(t, os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755))
	return dir, argsFile
}

func TestKdialogPromptAsksAndCancels(t *testing.T) {
	t.Parallel()
	dir, argsFile := stubProgram(t, "kdialog", `[ -e "$0.cancel" ] && exit 1; echo " 112233 "`)
	env := vault.Env{"PATH": dir}
	prompt, err := vault.SelectPrompt("kdialog", vault.PromptDeps{Env: env})
	must(t, err)
	code, err := prompt(context.Background(), vault.MFARequest{Profile: "alice", Serial: aliceMFA, Retry: "AWS rejected that code."})
	must(t, err)
	args, err := os.ReadFile(argsFile)
	must(t, err)
	want := "--inputbox\nAWS rejected that code.\nEnter MFA code for " + aliceMFA + ": \n--title\nVaultbar\n"
	if code != "112233" || string(args) != want {
		t.Errorf("code %q, kdialog args %q, want %q", code, args, want)
	}
	must(t, os.WriteFile(filepath.Join(dir, "kdialog.cancel"), nil, 0o600))
	if _, err := prompt(context.Background(), ykReq); !errors.Is(err, vault.ErrMFACancelled) {
		t.Errorf("cancel: error = %v, want ErrMFACancelled", err)
	}
	prompt, err = vault.SelectPrompt("kdialog", vault.PromptDeps{Env: vault.Env{"PATH": t.TempDir()}})
	must(t, err)
	if _, err := prompt(context.Background(), ykReq); err == nil || !strings.Contains(err.Error(), "kdialog is not installed") {
		t.Errorf("not installed: error = %v", err)
	}
}

func TestSelectPromptChoosesAndRefuses(t *testing.T) {
	t.Parallel()
	dialog := func(context.Context, vault.MFARequest) (string, error) { return "dialog", nil }
	terminal := func(context.Context, vault.MFARequest) (string, error) { return "terminal", nil }
	deps := func(goos string) vault.PromptDeps {
		return vault.PromptDeps{Dialog: dialog, Terminal: terminal, GOOS: goos}
	}
	for _, tc := range []struct{ name, goos, want string }{
		{"zenity", "linux", "dialog"},
		{"terminal", "linux", "terminal"},
		{"osascript", "darwin", "dialog"},
		{"wincredui", "windows", "dialog"},
	} {
		p, err := vault.SelectPrompt(tc.name, deps(tc.goos))
		must(t, err)
		if got, _ := p(context.Background(), ykReq); got != tc.want {
			t.Errorf("%s on %s answered %q, want the %s", tc.name, tc.goos, got, tc.want)
		}
	}
	for _, tc := range []struct{ name, goos, want, hint string }{
		{"osascript", "linux", "prompt osascript works on macos only", "kdialog, terminal, ykman, zenity"},
		{"wincredui", "darwin", "prompt wincredui works on windows only", "kdialog, osascript, terminal, ykman, zenity"},
		{"pass", "linux", "prompt pass was removed", "mfa_process = pass otp"},
	} {
		_, err := vault.SelectPrompt(tc.name, deps(tc.goos))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(vault.Hint(err), tc.hint) {
			t.Errorf("%s on %s: error = %v (hint %q)", tc.name, tc.goos, err, vault.Hint(err))
		}
	}
	_, err := vault.SelectPrompt("terminal", vault.PromptDeps{Dialog: dialog, GOOS: "linux"})
	if err == nil || !strings.Contains(err.Error(), "no terminal") {
		t.Errorf("terminal without one: error = %v", err)
	}
	_, err = vault.SelectPrompt("yubikey", deps("linux"))
	if !errors.Is(err, vault.ErrUnknownPrompt) || !strings.Contains(err.Error(), "kdialog, osascript, pass, terminal, wincredui, ykman, zenity") {
		t.Errorf("unknown: error = %v", err)
	}
}
