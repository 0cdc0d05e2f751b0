//go:build linux

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const carolKeyID, carolSecret = "AKIACAROL00000000001", "carolSecretKeyExample0000000000000000001"

// fillForm types each value into the zenity form wid, a field at a time ("" leaves a field
// empty), then presses its OK button (Return in a field does not submit a zenity form).
func (a *appRun) fillForm(wid string, values ...string) {
	a.t.Helper()
	a.xdo("windowfocus", "--sync", wid)
	for i, v := range values {
		if v != "" {
			a.xdo("type", "--delay", "1", "--", v)
		}
		if i < len(values)-1 {
			a.xdo("key", "Tab")
		}
	}
	a.xdo("key", "Tab", "Tab", "Return") // past Cancel to "Check and add"
}

// xdo runs xdotool with args, failing the test when it fails.
func (a *appRun) xdo(args ...string) {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, a.xdotool, args...).CombinedOutput(); err != nil {
		a.t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// keyringItems lists the keyring's items, to see that nothing was written.
func (a *appRun) keyringItems() []string {
	a.t.Helper()
	keys, err := a.w.kr.Keys()
	must(a.t, err)
	slices.Sort(keys)
	return keys
}

// Add credentials… is one form. Keys the fake STS rejects are not stored (the keyring is as
// it was) and the form comes back saying so; the name and key ID are kept, so only the secret
// is typed again. The keys are then stored where the aws-vault CLI finds them, the region goes
// into the new profile's section, and the notification names the account and user.
func TestE2EAddFormChecksKeysWithSTS(t *testing.T) {
	a := startApp(t)
	a.w.fake.STS.AddUser(carolKeyID, carolSecret, "carol")
	before := a.keyringItems()
	a.click("", "Add credentials…")
	wid, text := a.dialogText()
	if !strings.Contains(text, "AWS checks them") {
		t.Errorf("the form says %q", text)
	}
	a.fillForm(wid, "carol", carolKeyID, strings.Replace(carolSecret, "0", "1", 1), "eu-west-2", "")
	wid, text = a.dialogText()
	if !strings.Contains(text, "AWS did not accept these keys") || !strings.Contains(text, "Profile name: carol") ||
		!strings.Contains(text, "Access key ID: "+carolKeyID) || strings.Contains(text, "Secret access key") {
		t.Errorf("the form came back saying %q; want AWS's refusal and the name and key ID kept, not the secret", text)
	}
	if after := a.keyringItems(); !slices.Equal(after, before) {
		t.Errorf("rejected keys changed the keyring: %q, was %q", after, before)
	}
	if n := a.notes.All(); len(n) != 0 {
		t.Errorf("a rejected key notified %q; the form says it", n)
	}

	a.fillForm(wid, "", "", carolSecret, "", "")
	n := a.notes.First(t, appWait)
	if n.Summary != "Added keys for carol" || !strings.Contains(n.Body, "Account 111111111111, arn:aws:iam::111111111111:user/carol") {
		t.Errorf("notification %q: %q; want carol's account and user", n.Summary, n.Body)
	}
	if got := processKeyID(t, a.w.vb("env", "carol", "--no-session", "--format=json")); got != carolKeyID {
		t.Errorf("carol's stored key is %s, want %s", got, carolKeyID)
	}
	out, err := a.w.runTool(a.w.awsVault, a.w.fake.Proxy.Env(), "list", "--credentials")
	if err != nil || !strings.Contains(out, "carol") {
		t.Errorf("aws-vault list --credentials: %q, %v; want carol", out, err)
	}
	cfg, err := os.ReadFile(filepath.Join(a.w.dir, "config"))
	must(t, err)
	if !strings.Contains(string(cfg), "[profile carol]\nregion = eu-west-2\n") {
		t.Errorf("config lacks carol's section with her region:\n%s", cfg)
	}
	a.waitTitle("carol", "to show stored keys", func(s string) bool { return s == "carol · keys" })
}

// Add credentials… for a profile that has keys warns before replacing them: Cancel keeps
// bob's key, "Replace keys" stores the new one.
func TestE2EAddFormWarnsBeforeReplacing(t *testing.T) {
	a := startApp(t)
	a.w.fake.STS.AddUser(carolKeyID, carolSecret, "carol")
	bobKey := func() string { return processKeyID(t, a.w.vb("env", "bob", "--no-session", "--format=json")) }

	a.click("", "Add credentials…")
	a.fillForm(a.dialog(), "bob", carolKeyID, carolSecret, "", "")
	wid, text := a.dialogText()
	if !strings.Contains(text, "Profile bob already has keys (****************0001)") {
		t.Errorf("the warning says %q; want bob's keys named", text)
	}
	a.answer(wid, "", "Escape")
	if got := bobKey(); got != bobKeyID {
		t.Errorf("after Cancel bob's key is %s, want %s", got, bobKeyID)
	}
	if n := a.notes.All(); len(n) != 0 {
		t.Errorf("Cancel notified %q", n)
	}

	a.click("", "Add credentials…")
	a.fillForm(a.dialog(), "bob", carolKeyID, carolSecret, "", "")
	a.answer(a.dialog(), "", "Return") // "Replace keys"
	n := a.notes.First(t, appWait)
	if n.Summary != "Added keys for bob" || bobKey() != carolKeyID {
		t.Errorf("after Replace keys: notification %q, bob's key %s; want %s", n.Summary, bobKey(), carolKeyID)
	}
}
