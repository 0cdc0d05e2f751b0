//go:build linux

package main

// The menu's words, end to end: each failure the menu can show reaches a recording
// org.freedesktop.Notifications server (internal/panel, on the test's private session bus)
// as plain words with a next step in the menu, never as a Go error chain; the whole chain
// is in the log file, and no secret the fake issued is.

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/internal/panel"
	"github.com/vaultbar/vaultbar/tray"
)

// logPath is the app's log file under the test's XDG_STATE_HOME.
func (a *appRun) logPath() string { return filepath.Join(a.state, "vaultbar", "vaultbar.log") }

// logText waits until the log file says want and returns all of it.
func (a *appRun) logText(want string) string {
	a.t.Helper()
	var text string
	panel.Poll(a.t, appWait, "the log to say "+want, func() (bool, string) {
		b, err := os.ReadFile(a.logPath())
		text = string(b)
		return strings.Contains(text, want), fmt.Sprint(text, err)
	})
	return text
}

// note waits for a notification titled summary, after the first skip ones, and returns it.
func (a *appRun) note(skip int, summary string) panel.Notification {
	a.t.Helper()
	var found panel.Notification
	panel.Poll(a.t, appWait, "a notification "+summary, func() (bool, string) {
		all := a.notes.All()
		for _, n := range all[min(skip, len(all)):] {
			if n.Summary == summary {
				found = n
				return true, ""
			}
		}
		return false, a.notes.String()
	})
	return found
}

// failure clicks profile › path, waits for the notification of its failure and checks that
// it is words a user reads: the action and the profile in the title, no Go error chain, no
// hint meant for a terminal, the next step in the menu, the app's icon.
func (a *appRun) failure(title, next, profile string, path ...string) {
	a.t.Helper()
	before := len(a.notes.All())
	a.clickUntil(func(panel.Node) bool { return len(a.notes.All()) > before }, profile, path...)
	n := a.note(before, title)
	for _, chain := range []string{"operation error", ": get credentials:", "(hint:", "`", "for profile "} {
		if strings.Contains(n.Body, chain) {
			a.t.Errorf("%s: the body %q carries %q", title, n.Body, chain)
		}
	}
	if !strings.Contains(n.Body, next) {
		a.t.Errorf("%s: the body %q does not name the next step %q", title, n.Body, next)
	}
	if n.Icon == "" || n.DesktopEntry != "vaultbar" {
		a.t.Errorf("%s: the notification has icon %q and desktop entry %q, want the app's", title, n.Icon, n.DesktopEntry)
	}
}

// checkLog requires the log file to be the user's alone, to hold the whole chain of every
// failure (chains) and none of the secrets.
func (a *appRun) checkLog(chains []string, secrets ...string) {
	t := a.t
	t.Helper()
	text := a.logText(chains[len(chains)-1])
	for _, c := range chains {
		if !strings.Contains(text, c) {
			t.Errorf("the log lacks %q:\n%s", c, text)
		}
	}
	secrets = append(secrets, fakeaws.SecretMarker, fakeaws.TokenMarker, fakeaws.SigninTokenMarker)
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("the log holds the secret %q:\n%s", s, text)
		}
	}
	for path, want := range map[string]os.FileMode{a.logPath(): 0o600, filepath.Dir(a.logPath()): 0o700} {
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: %v; want mode %v", path, err, want)
		}
	}
}

// Wrong MFA codes, a role AWS refuses, a profile without credentials and a browser that
// fails: each is a notification in words with a next step, each chain is in the log. A copy
// that works is said, with when the clipboard clears; the MFA dialog names the action.
func TestE2EWordsFailuresAndSuccess(t *testing.T) {
	a := startApp(t, "LANG=C.UTF-8") // a desktop session's locale: the dialog titles have their dash
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(a.logPath())
			t.Logf("log:\n%s\nstderr:\n%s", b, a.stderr)
		}
	})

	a.click("bob", "Copy env")
	a.waitClipboard("export AWS_SESSION_TOKEN=")
	if n := a.note(0, "Copied env for bob"); n.Body != "Clears from the clipboard in 2 s." {
		t.Errorf("the copy was said as %q, want when the clipboard clears (clipboard_clear_after 2s)", n.Body)
	}

	// Three wrong codes: the third refusal is the failure.
	before := len(a.notes.All())
	a.click("alice", "Copy env")
	for range 3 {
		wid := a.dialog()
		if name, err := exec.Command(a.xdotool, "getwindowname", wid).Output(); err != nil || strings.TrimSpace(string(name)) != "Copy env for alice — MFA code" {
			t.Errorf("the MFA dialog is titled %q (%v), want Copy env for alice — MFA code", name, err)
		}
		a.answer(wid, "314159", "Return")
	}
	n := a.note(before, "Couldn't copy env for alice")
	if n.Body != "AWS rejected the MFA code. Wait for the next code, then try again." {
		t.Errorf("wrong MFA: %q", n.Body)
	}

	a.w.fake.STS.Fail("AssumeRole", "AccessDenied", "User: arn:aws:iam::111111111111:user/bob is not authorized to perform: sts:AssumeRole", http.StatusForbidden)
	a.failure("Couldn't copy env for bob-admin", "Open config file", "bob-admin", "Copy env")
	a.w.fake.STS.ClearFaults()

	a.failure("Couldn't copy env for nokeys", "Add credentials…", "nokeys", "Copy env")

	// A browser that exits with an error (as one does without a display).
	browser := filepath.Join(a.w.dir, "failing-browser")
	must(t, os.WriteFile(browser, []byte("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n"), 0o755))
	must(t, os.WriteFile(filepath.Join(a.w.dir, "xdg-config", "vaultbar", "settings.json"),
		[]byte(`{"browser": "custom", "browser_command": "`+browser+` {{.URL}}", "clipboard_clear_after": "2s"}`), 0o600))
	a.failure("Couldn't open the console for bob-admin", "Choose another browser", "bob-admin", "Open console")

	a.checkLog([]string{
		"copy env for alice failed: get credentials for profile alice: ",
		"mfa code was rejected",
		"copy env for bob-admin failed: ",
		"access denied: User: arn:aws:iam::111111111111:user/bob is not authorized",
		"copy env for nokeys failed: profile nokeys: no credentials (hint: ",
		"open the console for bob-admin failed: ",
		"the browser exited with an error: " + browser,
	}, bobSecret, aliceSecret, "314159")
}

// AWS STS that cannot be reached: a port nothing listens on.
func TestE2EWordsSTSUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	closed := "http://" + ln.Addr().String()
	must(t, ln.Close())
	a := startApp(t, "AWS_ENDPOINT_URL_STS="+closed)
	a.failure("Couldn't copy env for bob", "Check the network connection", "bob", "Copy env")
	a.checkLog([]string{"copy env for bob failed: ", "cannot reach aws sts"}, bobSecret, aliceSecret)
}

// A file keyring whose passphrase is wrong is a locked keyring.
func TestE2EWordsKeyringLocked(t *testing.T) {
	a := startApp(t, "AWS_VAULT_FILE_PASSPHRASE=not-the-passphrase")
	a.failure("Couldn't copy env for bob", "Try again", "bob", "Copy env")
	if n := a.note(0, "Couldn't copy env for bob"); !strings.HasPrefix(n.Body, "The keyring passphrase was wrong.") {
		t.Errorf("keyring locked: %q", n.Body)
	}
	a.checkLog([]string{"copy env for bob failed: ", "keyring is locked: wrong passphrase"}, bobSecret, aliceSecret, "not-the-passphrase")
}

// "Notify on success" in the menu turns the success notes off, in settings.json too; the
// next copy is silent.
func TestE2EWordsSuccessCanBeTurnedOff(t *testing.T) {
	a := startApp(t)
	if n := a.item("", "Notify on success"); !n.Checkmark || !n.Checked {
		t.Fatalf("Notify on success reads %+v, want a checked checkbox", n)
	}
	a.click("", "Notify on success")
	panel.Poll(t, appWait, "Notify on success to be unchecked", func() (bool, string) {
		_, root := panel.Layout(t, a.menu)
		n, ok := root.Find("Notify on success")
		return ok && !n.Checked, root.Describe()
	})
	settings, err := os.ReadFile(filepath.Join(a.w.dir, "xdg-config", "vaultbar", "settings.json"))
	if err != nil || !strings.Contains(string(settings), `"no_success_notifications": true`) {
		t.Errorf("settings.json after the click: %s, %v", settings, err)
	}
	a.click("bob", "Copy env")
	a.waitClipboard("export AWS_SESSION_TOKEN=")
	a.waitTitle("bob", "to be idle", func(s string) bool { return !strings.HasSuffix(s, tray.BusyMark) })
	if n := a.notes.All(); len(n) != 0 {
		t.Errorf("with Notify on success off the copy notified %q", n)
	}
}
