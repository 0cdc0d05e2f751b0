package desktop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/ncruces/zenity"

	"github.com/vaultbar/vaultbar/vault"
)

// The dialogs are native: ncruces/zenity execs zenity (or qarma, matedialog) on Linux, runs
// osascript (JXA) on macOS and calls the Win32 API on Windows, all in pure Go without cgo.
//
// On macOS the dialog belongs to osascript, not to Vaultbar: a menu-bar app is never the
// active application, so every dialog first activates Vaultbar (activate_darwin.go, through
// purego, no cgo) or it may open behind other windows.

// Title is the window title of every Vaultbar dialog.
const Title = "Vaultbar"

// maxAttempts is how many answers a dialog gets before a malformed one becomes an error.
const maxAttempts = 3

var (
	// ErrCancelled: the user dismissed a dialog (Cancel, Escape, closed the window).
	ErrCancelled = errors.New("dialog cancelled")
	// ErrNoDisplay: there is no graphical session to show a dialog in (Linux without
	// DISPLAY or WAYLAND_DISPLAY, for example over SSH). It is not a cancel.
	ErrNoDisplay = errors.New("no graphical display for a dialog")
	// ErrNoDialogTool: zenity (or qarma, matedialog) is not installed.
	ErrNoDialogTool = errors.New("no dialog program (zenity) installed")
	// ErrInvalidInput: the user gave a malformed answer maxAttempts times in a row.
	ErrInvalidInput = errors.New("invalid answer")
)

// IsCancel reports whether err means the user dismissed a dialog: it wraps ErrCancelled
// or vault.ErrMFACancelled.
func IsCancel(err error) bool {
	return errors.Is(err, ErrCancelled) || errors.Is(err, vault.ErrMFACancelled)
}

// PromptMFA asks for the one-time code of req's MFA device. It has the type vault.PromptMFA.
// An answer that is not 6 digits is asked again (up to 3 times), saying why; spaces are
// dropped ("123 456" is 123456). When the vault asks again because AWS rejected a code,
// req.Retry says so above the question. Cancel returns an error wrapping vault.ErrMFACancelled.
func PromptMFA(ctx context.Context, req vault.MFARequest) (string, error) {
	return promptMFA(ctx, zenityUI{}, req)
}

var _ vault.PromptMFA = PromptMFA

// Confirm asks a yes/no question, titled with the action on ctx (vault.WithPromptAction);
// ConfirmVerb names its buttons. No, Escape and closing the dialog are all (false, nil);
// the error is for a dialog that could not be shown or ctx ending.
func Confirm(ctx context.Context, question string) (bool, error) {
	err := zenityUI{}.question(ctx, question)
	if errors.Is(err, ErrCancelled) {
		return false, nil
	}
	return err == nil, err
}

// Passphrase asks for the passphrase of the file keyring with a hidden entry showing the
// request's prompt, titled with what it is for (passphraseTitle). The answer is returned as
// typed, spaces included; cancel returns an error wrapping ErrCancelled.
func Passphrase(r vault.PassphraseRequest) (string, error) {
	return askPassphrase(zenityUI{}, r)
}

func askPassphrase(u ui, r vault.PassphraseRequest) (string, error) {
	return u.entry(context.Background(), entry{Title: passphraseTitle(r.For), Text: r.Prompt, Hidden: true})
}

// ui is what the logic here needs of a dialog toolkit; the tests fake it.
type ui interface {
	// entry shows an entry dialog and returns the line typed.
	entry(ctx context.Context, e entry) (string, error)
}

// entry is one entry dialog.
type entry struct {
	Title  string // the window title; "": Title
	Text   string
	Hidden bool // masks what is typed: a secret
}

// question is asked until Clean accepts the answer, at most maxAttempts times.
type question struct {
	Asks   string // what the dialog asks for, in its title after the action ("MFA code")
	Text   string
	Retry  string // shown above Text the first time: why it is asked again ("" for nothing)
	Hidden bool   // masks what is typed: a secret
	// Clean returns the normalised answer and, when it is malformed, why (plain words).
	Clean func(string) (answer, why string)
}

func promptMFA(ctx context.Context, u ui, req vault.MFARequest) (string, error) {
	code, err := ask(ctx, u, question{
		Asks:  "MFA code",
		Text:  fmt.Sprintf("Enter the MFA code for profile %s (device %s)", req.Profile, req.Serial),
		Retry: req.Retry,
		Clean: func(s string) (string, string) {
			s = strings.Join(strings.Fields(s), "")
			return s, checkMFACode(s)
		},
	})
	if IsCancel(err) {
		return "", vault.ErrMFACancelled // the vault names the profile
	}
	return code, err
}

// ask shows q until q.Clean accepts the answer, at most maxAttempts times; each re-ask
// says why the answer before was refused.
func ask(ctx context.Context, u ui, q question) (string, error) {
	reason := q.Retry
	for attempt := 1; ; attempt++ {
		text := q.Text
		if reason != "" {
			text = reason + "\n\n" + q.Text
		}
		answer, err := u.entry(ctx, entry{Title: dialogTitle(ctx, q.Asks), Text: text, Hidden: q.Hidden})
		if err != nil {
			return "", err
		}
		answer, why := q.Clean(answer)
		if why == "" {
			return answer, nil
		}
		if attempt == maxAttempts {
			return "", vault.WithHint(fmt.Errorf("%w: %s", ErrInvalidInput, why), "%s", why)
		}
		reason = why + ". Please try again."
	}
}

// The checks return "" for a good answer, else why it is not (plain words, never the answer:
// it may be a secret).

func checkMFACode(s string) string {
	if len(s) != 6 || strings.Trim(s, "0123456789") != "" {
		return "The code must be 6 digits"
	}
	return ""
}

// zenityUI shows native dialogs through ncruces/zenity.
type zenityUI struct{}

func (zenityUI) entry(ctx context.Context, e entry) (string, error) {
	if err := canShow(); err != nil {
		return "", err
	}
	opts := []zenity.Option{zenity.Title(e.titleOr()), zenity.Context(ctx)}
	if e.Hidden {
		opts = append(opts, zenity.HideText())
	}
	answer, err := zenity.Entry(e.Text, opts...)
	return answer, dialogError(ctx, err)
}

func (zenityUI) question(ctx context.Context, text string) error {
	if err := canShow(); err != nil {
		return err
	}
	err := zenity.Question(text, zenity.Title(dialogTitle(ctx, "")), zenity.Context(ctx),
		zenity.OKLabel("Yes"), zenity.CancelLabel("No"))
	return dialogError(ctx, err)
}

// canShow returns why no dialog can open, checked up front: zenity without a display exits
// like a Cancel would.
func canShow() error {
	activate()
	switch runtime.GOOS {
	case "darwin", "windows", "android", "ios":
		return nil
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return fmt.Errorf("%w: neither DISPLAY nor WAYLAND_DISPLAY is set", ErrNoDisplay)
	}
	if !zenity.IsAvailable() {
		return ErrNoDialogTool
	}
	return nil
}

func dialogError(ctx context.Context, err error) error {
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("dialog: %w", context.Cause(ctx))
	case errors.Is(err, zenity.ErrCanceled):
		return ErrCancelled
	}
	return fmt.Errorf("dialog: %w", err)
}
