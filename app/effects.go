package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/vaultbar/vaultbar/vault"
)

// Effects are what a use case may do to the world outside the keyring, the config file and
// AWS. The menu-bar app fills them with dialogs, the clipboard and notifications; the
// command line with the terminal; tests with recorders. A nil effect is one this entrance
// does not have: a use case that needs it fails with ErrUnavailable.
type Effects struct {
	// PromptMFA asks for an MFA code (a dialog, or the terminal).
	PromptMFA vault.PromptMFA
	// Passphrase asks for the file keyring's passphrase.
	Passphrase func(vault.PassphraseRequest) (string, error)
	// Confirm asks a yes/no question; no is (false, nil), a dismissed dialog an error IsCancel accepts.
	Confirm func(ctx context.Context, question string) (bool, error)
	// AskKeys shows the Add credentials form (addkeys.go) with problem above it; last is
	// what was typed before.
	AskKeys func(ctx context.Context, problem string, last KeysForm) (KeysForm, error)
	// ConfirmVerb asks a question answered by verb ("Replace keys") or Cancel, which is
	// (false, nil). Nil: Confirm.
	ConfirmVerb func(ctx context.Context, question, verb string) (bool, error)
	// Choose asks to pick one of labels and returns its index.
	Choose func(ctx context.Context, question string, labels []string) (int, error)
	// CopySecret puts a secret on the clipboard (and clears it later).
	CopySecret func(text string) error
	// Copy puts text that is no secret on the clipboard, for good. Nil: nothing is copied.
	Copy func(text string) error
	// Notify shows a desktop notification. Default: nothing.
	Notify func(title, body string)
	// Launch starts a detached program (a browser, an editor) with env.
	Launch func(ctx context.Context, argv, env []string) error
	// IsCancel reports whether err means the user dismissed a dialog. Default: context.Canceled.
	IsCancel func(error) bool
	// Now is the clock. Default: time.Now.
	Now func() time.Time
	// StartAtLogin reads from the system whether the next login starts Vaultbar, and
	// SetStartAtLogin turns that on or off. Nil: the menu hides "Start at login".
	StartAtLogin    func(ctx context.Context) (LoginStart, error)
	SetStartAtLogin func(ctx context.Context, on bool) error
	// Stderr receives diagnostics and the stderr of credential_process. Default: discarded.
	Stderr io.Writer
	// SSOSignIn tells the user that an IAM Identity Center sign-in waits in the browser, with
	// its code (the terminal prints a line, the menu shows it); the app then opens the page.
	// Nil: a notification.
	SSOSignIn vault.SignInSSO
	// Debug receives what the app and its vault do (--debug), never a secret. Nil: nothing.
	Debug vault.Logf
	// Log receives each failure the menu reports, in full (the error's chain and hint),
	// for the log file; the notification says it in plain words. Nil: nothing.
	Log vault.Logf
	// ClipboardClears is how long CopySecret leaves a secret on the clipboard; a success
	// notification says so. Zero: the notification does not say when.
	ClipboardClears time.Duration
}

// ErrUnavailable is the error of a use case whose effect this entrance does not have.
var ErrUnavailable = errors.New("not available here")

func (fx *Effects) fillDefaults() {
	if fx.Notify == nil {
		fx.Notify = func(string, string) {}
	}
	if fx.IsCancel == nil {
		fx.IsCancel = func(err error) bool { return errors.Is(err, context.Canceled) }
	}
	if fx.Now == nil {
		fx.Now = time.Now
	}
	if fx.Stderr == nil {
		fx.Stderr = io.Discard
	}
	if fx.PromptMFA == nil {
		fx.PromptMFA = func(ctx context.Context, req vault.MFARequest) (string, error) {
			return "", vault.WithHint(fmt.Errorf("profile %s needs an mfa code and nothing here can ask for it", req.Profile),
				"pass --mfa-token=CODE or set mfa_process in the profile")
		}
	}
}
