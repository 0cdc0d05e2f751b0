package app

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"sync"

	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

// Explanation is a failure as the menu tells it: Title names the action and its profile,
// Cause says why in plain words, Next what to do about it in the menu. It never carries the
// error's own text: that is a chain of Go contexts ("operation error STS: AssumeRole, …")
// which names no step a user can take, and goes to the log file instead.
type Explanation struct {
	Title string // "Couldn't copy env for alice"
	Cause string // "The keyring passphrase was wrong."
	Next  string // "Try again and enter it once more."
}

// Body is the notification's text: the cause, then the next step.
func (e Explanation) Body() string { return e.Cause + " " + e.Next }

// Sentence is the whole failure in one line, for a log or a menu line: "Couldn't copy env
// for alice — the keyring passphrase was wrong. Try again and enter it once more."
func (e Explanation) Sentence() string {
	cause := e.Cause
	if cause != "" {
		cause = strings.ToLower(cause[:1]) + cause[1:]
	}
	return e.Title + " — " + cause + " " + e.Next
}

// cause is one kind of failure: is recognises it in an error chain.
type cause struct {
	is          func(error) bool
	cause, next string
}

func isErr(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

// causes are tried in order; the first that matches explains the error. Order matters where
// one failure wraps another: a wrong passphrase is also a locked keyring. The table is built
// on first use: only a failure needs it, and every command's start would pay for it.
var causes = sync.OnceValue(func() []cause {
	return []cause{
		{isErr(vault.ErrWrongPassphrase), "The keyring passphrase was wrong.", "Try again and enter it once more."},
		{isErr(vault.ErrKeyringLocked), "The keyring is locked.",
			"Unlock it when the desktop asks (your login keyring opens with your login password), then try again."},
		{isErr(vault.ErrKeyringUnavailable), "No keyring could be opened in this session.",
			"Start the desktop's keyring (GNOME Keyring or KWallet), then try again."},
		{isErr(vault.ErrCorruptItem), "An item in the keyring could not be read.",
			"Use Remove credentials… and Add credentials… to store the keys again."},
		{isErr(vault.ErrMFARejected), "AWS rejected the MFA code.", "Wait for the next code, then try again."},
		{isErr(vault.ErrInvalidKeys), "AWS does not know the stored access key (deleted, deactivated or mistyped).",
			"Use Add credentials… to store current keys."},
		{isErr(vault.ErrExpiredToken), "The stored session has expired.", "Use Clear session, then try again."},
		{isErr(vault.ErrAccessDenied), "AWS denied access.",
			"Check role_arn and source_profile with Open config file, or ask your AWS administrator about the role's trust policy."},
		{isErr(vault.ErrNoCredentials), "No keys are stored for it, and it has no other way to get credentials.",
			"Use Add credentials… to store its access keys."},
		{isErr(vault.ErrNetwork), "AWS could not be reached.", "Check the network connection (and any proxy), then try again."},
		{isErr(vault.ErrBadAnswer), "AWS's answer was cut off or garbled.", "Try again; if it keeps happening, a proxy is in the way."},
		{isErr(vault.ErrSSODenied), "The IAM Identity Center sign-in was denied in the browser.", "Try again and approve the sign-in."},
		{isErr(vault.ErrSSOCodeExpired), "The IAM Identity Center sign-in code expired before it was approved.",
			"Try again and approve the code in the browser."},
		{isErr(vault.ErrSSONoBrowser), "The IAM Identity Center sign-in needs a browser, and none could be opened.",
			"Choose a browser under Browser, then try again."},
		{isErr(vault.ErrSSOBadAnswer), "IAM Identity Center's answer was cut off or garbled.", "Try again; if it keeps happening, a proxy is in the way."},
		{isErr(vault.ErrInvalidCredentials), "Its credential_process or web identity gave credentials that cannot be used.",
			"Check the profile with Open config file."},
		{isErr(vault.ErrCredentialsExpire), "The credentials it was given have already expired.", "Check the profile with Open config file."},
		{isErr(vault.ErrProfileNotFound), "The profile is no longer in the config file.", "Add it back with Open config file."},
		{isErr(vault.ErrConfig), "The AWS config file has a mistake.", "Fix it with Open config file; the menu reloads when it is saved."},
		{isErr(login.ErrBrowserExited), "The browser exited with an error before it opened the page.",
			"Choose another browser under Browser, or use Copy console URL and paste it."},
		{isBrowserMissing, "The browser could not be found.", "Choose another browser under Browser."},
		{isErr(login.ErrRedirectUnused), "The browser did not open the sign-in page.",
			"Choose another browser under Browser, or use Copy console URL and paste it."},
		{isErr(login.ErrBadTemplate), "The custom browser command is not valid.",
			"Choose another browser under Browser, or fix browser_command in settings.json."},
		{isErr(login.ErrUnsupportedIsolation), "The browser isolation does not work with this browser.",
			"Choose another isolation under Browser."},
		{isErr(login.ErrSigninRejected), "AWS sign-in refused the session.", "Use Clear session, then try again."},
		{isErr(login.ErrSigninUnavailable), "AWS sign-in did not answer.", "Try again in a moment, or use Copy console URL."},
		{isErr(vault.ErrKeyNotDeleted), "The new key is stored, but the old key could not be deleted.",
			"Delete the old key in the IAM console."},
		{isErr(ErrUnavailable), "This is not available here.", "Use the command line for it, or another action in the menu."},
		{isErr(context.DeadlineExceeded), "It took too long.", "Try again."},
	}
})

// isBrowserMissing: the browser's executable is not there (a known browser uninstalled, a
// custom command that names no program).
func isBrowserMissing(err error) bool {
	return errors.Is(err, login.ErrBrowserNotInstalled) || errors.Is(err, exec.ErrNotFound)
}

// Explain turns a failed action into words for a notification. doing is what the action
// does, with its profile ("copy env for alice": tray.Doing). An error it has no words for
// says so and points to the log, which holds the whole chain.
func Explain(doing string, err error) Explanation {
	e := Explanation{Title: "Couldn't " + doing}
	if errors.Is(err, ErrNoHandler) { // its words name the file
		e.Cause, e.Next = noHandlerWords(err)
		return e
	}
	if c, ok := causeOf(err); ok {
		e.Cause, e.Next = c.cause, c.next
		return e
	}
	e.Cause, e.Next = "Something went wrong that Vaultbar has no words for yet.",
		"Try again; the details are in Vaultbar's log (About Vaultbar says where)."
	return e
}

// causeOf is the first cause that explains err; false when none does.
func causeOf(err error) (cause, bool) {
	for _, c := range causes() {
		if c.is(err) {
			return c, true
		}
	}
	return cause{}, false
}

// noHandlerWords names the file no application opened and says where its path is (Open
// config file's hint: on the clipboard, when it could be put there).
func noHandlerWords(err error) (string, string) {
	what := "the file"
	var nh *NoHandlerError
	if errors.As(err, &nh) {
		what = nh.Path
	}
	next := "Open it in a text editor."
	if h := vault.Hint(err); h != "" {
		next = strings.ToUpper(h[:1]) + h[1:] + "."
	}
	return "No application opened " + what + ".", next
}
