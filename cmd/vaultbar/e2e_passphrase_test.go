//go:build linux

package main

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/panel"
)

// passphraseDialog waits for the next dialog, requires it to ask for the file keyring's
// passphrase (saying the last one was wrong when wrong is set) with a title naming that and
// the profile whose item it opens, and answers it with key.
func (a *appRun) passphraseDialog(wrong bool, typed, key string) {
	a.t.Helper()
	wid, text := a.dialogText()
	if !strings.Contains(text, "Enter passphrase to unlock") || strings.HasPrefix(text, "That passphrase was wrong.") != wrong {
		a.t.Errorf("dialog says %q; want the passphrase prompt (saying the last one was wrong: %v)", text, wrong)
	}
	title, err := exec.Command(a.xdotool, "getwindowname", wid).Output()
	if got := strings.TrimSpace(string(title)); err != nil || !regexp.MustCompile(`^Vaultbar (—|-) keyring passphrase for bob$`).MatchString(got) {
		a.t.Errorf("the passphrase dialog is titled %q (%v); want it to name the keyring passphrase and bob", got, err)
	}
	a.answer(wid, typed, key)
}

// With the file keyring and no AWS_VAULT_FILE_PASSPHRASE the menu asks for the passphrase.
// A cancelled prompt is a cancel (no notification, the profile idle again); a wrong one is
// asked again, saying so, up to three times, after which the action fails; the next action
// asks again instead of keeping a wrong passphrase, and a typo then the right one works, with
// no restart.
func TestE2EPassphraseWrongIsAskedAgain(t *testing.T) {
	a := startApp(t, "AWS_VAULT_FILE_PASSPHRASE")
	a.click("bob", "Copy env")
	a.passphraseDialog(false, "", "Escape")
	a.waitTitle("bob", "to be idle after the cancel", func(s string) bool { return s == "bob · keys" })
	if n := a.notes.All(); len(n) != 0 {
		t.Errorf("a cancelled passphrase prompt notified %q", n)
	}

	a.click("bob", "Copy env")
	a.passphraseDialog(false, "typo-1", "Return")
	a.passphraseDialog(true, "typo-2", "Return")
	a.passphraseDialog(true, "typo-3", "Return")
	n := a.notes.First(t, appWait)
	if !strings.Contains(n.Summary+" "+n.Body, "passphrase") {
		t.Errorf("after three wrong passphrases the notification is %q: %q; want it to say the passphrase was wrong", n.Summary, n.Body)
	}
	a.waitTitle("bob", "to be idle after the failure", func(s string) bool { return s == "bob · keys" })

	a.click("bob", "Copy env")
	a.passphraseDialog(false, "typo-4", "Return")
	a.passphraseDialog(true, "e2e-passphrase", "Return")
	vars := exports(a.waitClipboard("export AWS_ACCESS_KEY_ID=", "export AWS_SESSION_TOKEN="))
	if sess, ok := a.w.fake.STS.Session(vars["AWS_ACCESS_KEY_ID"]); !ok || !strings.HasSuffix(sess.ARN, ":user/bob") {
		t.Errorf("the clipboard's key is %+v, want a session of bob", sess)
	}
	panel.Poll(t, appWait, "the copy to be said", func() (bool, string) { return len(a.notes.All()) >= 2, a.notes.String() })
	if n := a.notes.All(); len(n) != 2 || n[1].Summary != "Copied env for bob" {
		t.Errorf("notifications %q; want only the one failure, then the copy said", n)
	}
	// The right passphrase is kept: another action asks nothing.
	a.click("bob", "Copy console URL")
	a.waitClipboard(a.w.fake.SigninURL)
}
