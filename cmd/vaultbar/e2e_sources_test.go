//go:build linux

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/vaultbar/vaultbar/desktop"
	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/panel"
)

// `vaultbar env alice --prompt=zenity` from a script with no terminal asks in the real zenity
// dialog; the code typed into it is what STS receives.
func TestE2EPromptZenityFromTheCommandLine(t *testing.T) {
	e2e.Require(t)
	e2e.Tool(t, "zenity")
	xdotool := e2e.Tool(t, "xdotool")
	w := newWorld(t, keyring.FileBackend)
	w.writeConfig(aliceConfig)
	w.fake.STS.AddUser(aliceKeyID, aliceSecret, "alice")
	w.fake.STS.SetMFA(aliceMFA, goodCode)
	mustRun(t)(w.runTool(w.vaultbar, withKeys(aliceKeyID, aliceSecret), "add", "--env", "alice"))

	type outcome struct {
		out string
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		out, err := w.runTool(w.vaultbar, []string{"AWS_ENDPOINT_URL_STS=" + w.fake.URL}, "env", "alice", "--prompt=zenity", "--format=env")
		done <- outcome{out, err}
	}()

	var wid, text string
	panel.Poll(t, 20*time.Second, "the zenity mfa dialog", func() (bool, string) {
		out, _ := exec.Command(xdotool, "search", "--onlyvisible", "--name", "^"+desktop.Title+"$").Output()
		for _, id := range strings.Fields(string(out)) {
			pidOut, err := exec.Command(xdotool, "getwindowpid", id).Output()
			if err != nil {
				continue
			}
			pid, _ := strconv.Atoi(strings.TrimSpace(string(pidOut)))
			cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
			args := strings.Split(string(cmdline), "\x00")
			if i := slices.Index(args, "--text"); i >= 0 && i+1 < len(args) {
				wid, text = id, args[i+1]
				return true, ""
			}
		}
		return false, "windows: " + string(out)
	})
	if !strings.Contains(text, aliceMFA) {
		t.Errorf("dialog says %q, want the mfa serial", text)
	}
	for _, args := range [][]string{{"windowfocus", "--sync", wid}, {"type", "--delay", "1", "--", goodCode}, {"key", "Return"}} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		out, err := exec.CommandContext(ctx, xdotool, args...).CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	var got outcome
	select {
	case got = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("vaultbar env did not finish after the dialog was answered")
	}
	if got.err != nil || !strings.Contains(got.out, "AWS_SESSION_TOKEN=") {
		t.Fatalf("vaultbar env: %v, out %q", got.err, got.out)
	}
	calls := w.fake.CallsFor("GetSessionToken")
	if len(calls) != 1 || calls[0].Params.Get("TokenCode") != goodCode || calls[0].Params.Get("SerialNumber") != aliceMFA {
		t.Errorf("GetSessionToken calls = %+v, want one with the typed code", calls)
	}
}

// A web identity session Vaultbar cached is the one the real aws-vault v7.2.0 reads: its
// `exec` makes no STS call; and the reverse after `vaultbar clear`.
func TestE2EWebIdentitySessionSharedWithAwsVault(t *testing.T) {
	e2e.Require(t)
	w := newWorld(t, keyring.FileBackend)
	token := filepath.Join(w.dir, "token")
	must(t, os.WriteFile(token, []byte(ciToken), 0o600)) // aws-vault sends the file as it is
	w.writeConfig("[profile ci]\nregion = eu-west-1\nrole_arn = " + ciRole + "\nweb_identity_token_file = " + token + "\n")
	w.fake.STS.TrustWebIdentityToken(ciToken, "system:serviceaccount:ci:deployer")

	vbOut := w.vb("env", "ci", "--format=env")
	key := envValue(vbOut, "AWS_ACCESS_KEY_ID")
	if !strings.HasPrefix(key, "ASIAFAKE") {
		t.Fatalf("vaultbar env ci: %q", vbOut)
	}
	avOut := w.av("exec", "ci", "--", "env")
	if got := envValue(avOut, "AWS_ACCESS_KEY_ID"); got != key {
		t.Errorf("aws-vault used %q, want the session vaultbar cached (%s)", got, key)
	}
	if n := len(w.fake.CallsFor("AssumeRoleWithWebIdentity")); n != 1 {
		t.Errorf("%d AssumeRoleWithWebIdentity calls, want 1: aws-vault must reuse vaultbar's session", n)
	}

	w.vb("clear", "ci")
	avOut = w.av("exec", "ci", "--", "env")
	avKey := envValue(avOut, "AWS_ACCESS_KEY_ID")
	if got := envValue(w.vb("env", "ci", "--format=env"), "AWS_ACCESS_KEY_ID"); got != avKey || avKey == key {
		t.Errorf("vaultbar used %q, want the new session aws-vault cached (%s)", got, avKey)
	}
	calls := w.fake.CallsFor("AssumeRoleWithWebIdentity")
	if len(calls) != 2 || calls[1].Host != "sts.eu-west-1.amazonaws.com" || calls[1].Params.Get("WebIdentityToken") != calls[0].Params.Get("WebIdentityToken") {
		t.Errorf("calls = %+v, want aws-vault's one call to the regional host with the same token", calls)
	}
}
