package app

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

// chain wraps err as the use cases and the SDK do on the way up, so that Explain is shown
// the chains users saw in notifications before it existed.
func chain(err error) error {
	return fmt.Errorf("get credentials for profile partner: assume role arn:aws:iam::222222222222:role/admin: "+
		"operation error STS: AssumeRole, get identity: get credentials: failed to refresh cached credentials, %w", err)
}

func TestExplainEachFailureInPlainWords(t *testing.T) {
	for _, c := range []struct {
		name      string
		err       error
		cause     string
		nextWords string // the next step names this menu item or act
	}{
		{"wrong passphrase", vault.WithHint(fmt.Errorf("read keyring item \"alice\": %w: %w: %w", vault.ErrKeyringLocked, vault.ErrWrongPassphrase,
			errors.New("aes.KeyUnwrap(): integrity check failed")), "wrong passphrase for the file keyring"),
			"The keyring passphrase was wrong.", "enter it once more"},
		{"keyring locked", fmt.Errorf("%w: org.freedesktop.Secret.Error.IsLocked", vault.ErrKeyringLocked), "The keyring is locked.", "Unlock it"},
		{"no keyring", fmt.Errorf("%w: no dbus session", vault.ErrKeyringUnavailable), "No keyring could be opened in this session.", "Start the desktop's keyring"},
		{"wrong mfa", vault.WithHint(fmt.Errorf("get session token for profile alice: %w", vault.ErrMFARejected), "wait"), "AWS rejected the MFA code.", "next code"},
		{"access denied", fmt.Errorf("assume role: %w: User: arn:aws:iam::1:user/bob is not authorized", vault.ErrAccessDenied), "AWS denied access.", "Open config file"},
		{"no credentials", vault.WithHint(fmt.Errorf("profile nokeys: %w", vault.ErrNoCredentials), "store access keys with `vaultbar add nokeys`"),
			"No keys are stored for it, and it has no other way to get credentials.", "Add credentials…"},
		{"invalid keys", fmt.Errorf("get session token: %w (InvalidClientTokenId)", vault.ErrInvalidKeys), "AWS does not know the stored access key (deleted, deactivated or mistyped).", "Add credentials…"},
		{"sts unreachable", vault.WithHint(fmt.Errorf("assume role: %w: dial tcp 127.0.0.1:1: connect: connection refused", vault.Unreachable("sts")), vault.NetworkHint),
			"AWS could not be reached.", "network connection"},
		{"browser failed", fmt.Errorf("open console: %w: chromium: exit status 1: Missing X server", login.ErrBrowserExited),
			"The browser exited with an error before it opened the page.", "Choose another browser under Browser"},
		{"browser missing", fmt.Errorf("open console: %w", &exec.Error{Name: "firefox", Err: exec.ErrNotFound}), "The browser could not be found.", "Choose another browser"},
		{"config", fmt.Errorf("%w: line 3: unknown source_profile", vault.ErrConfig), "The AWS config file has a mistake.", "Open config file"},
		{"expired session", fmt.Errorf("%w", vault.ErrExpiredToken), "The stored session has expired.", "Clear session"},
		{"timeout", fmt.Errorf("get credentials: %w", context.DeadlineExceeded), "It took too long.", "Try again"},
		{"unknown", errors.New("operation error STS: GetSessionToken, https response error StatusCode: 418"), "Something went wrong that Vaultbar has no words for yet.", "log"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := Explain("copy env for partner", chain(c.err))
			if e.Title != "Couldn't copy env for partner" || e.Cause != c.cause || !strings.Contains(e.Next, c.nextWords) {
				t.Errorf("Explain = %+v, want cause %q and a next step with %q", e, c.cause, c.nextWords)
			}
			body := e.Body()
			for _, chained := range []string{"operation error", ": get credentials:", "arn:", "`", "vaultbar "} {
				if strings.Contains(body, chained) {
					t.Errorf("the body %q carries %q: a Go error chain or a command line", body, chained)
				}
			}
			if !strings.HasSuffix(body, ".") || !strings.HasPrefix(body, e.Cause+" ") {
				t.Errorf("the body %q is not a cause then a next step", body)
			}
		})
	}
}

func TestExplanationSentence(t *testing.T) {
	err := chain(fmt.Errorf("%w: %w", vault.ErrKeyringLocked, vault.ErrWrongPassphrase))
	want := "Couldn't copy env for partner — the keyring passphrase was wrong. Try again and enter it once more."
	if got := Explain("copy env for partner", err).Sentence(); got != want {
		t.Errorf("Sentence() = %q, want %q", got, want)
	}
}

// A notification server cuts long bodies (GNOME shows about three lines): every explanation
// is short enough that its next step is read.
func TestExplanationsFitANotification(t *testing.T) {
	const maxBody = 160
	for _, c := range causes() {
		e := Explanation{Cause: c.cause, Next: c.next}
		if n := len([]rune(e.Body())); n > maxBody || c.next == "" || !strings.HasSuffix(c.cause, ".") || !strings.HasSuffix(c.next, ".") {
			t.Errorf("%q is %d characters (at most %d) or lacks a sentence", e.Body(), n, maxBody)
		}
	}
}

// Open config file with no application for it names the file and where its path went.
func TestExplainNoHandler(t *testing.T) {
	err := vault.WithHint(&NoHandlerError{Path: "/home/me/.aws/config", Opener: "xdg-open"}, "its path is on the clipboard: open it in a text editor")
	e := Explain("open the config file", fmt.Errorf("open config: %w", err))
	if e.Body() != "No application opened /home/me/.aws/config. Its path is on the clipboard: open it in a text editor." {
		t.Errorf("Explain = %q", e.Body())
	}
}
