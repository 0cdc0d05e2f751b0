package vault

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
)

// aws-vault's prompt drivers: the values of --prompt and AWS_VAULT_PROMPT.
const (
	PromptKDialog   = "kdialog"
	PromptOSAScript = "osascript"
	PromptPass      = "pass"
	PromptTerminal  = "terminal"
	PromptWinCredUI = "wincredui"
	PromptYkman     = "ykman"
	PromptZenity    = "zenity"
)

// PromptDrivers are the names --prompt accepts, sorted as aws-vault lists them.
var PromptDrivers = []string{PromptKDialog, PromptOSAScript, PromptPass, PromptTerminal, PromptWinCredUI, PromptYkman, PromptZenity}

// ErrUnknownPrompt: --prompt or AWS_VAULT_PROMPT names no driver. Its message lists them.
var ErrUnknownPrompt = errors.New("unknown prompt driver")

// PromptDeps are the effects the drivers are made of. The UI ones come from the entrance
// (the CLI, the menu-bar app), so vault stays free of any desktop package.
type PromptDeps struct {
	// Terminal asks on the controlling terminal; nil where there is none (the menu-bar app).
	Terminal PromptMFA
	// Dialog is the native dialog: zenity on Linux, osascript on macOS, Win32 on Windows.
	Dialog PromptMFA
	// Run runs kdialog and ykman; nil: ArgvRunner(nil, Env).
	Run RunArgv
	// Env holds ykman's variables (YKMAN_OATH_CREDENTIAL_NAME, YKMAN_OATH_DEVICE_SERIAL,
	// AWS_VAULT_YKMAN_VERSION), read as aws-vault reads them.
	Env Env
	// GOOS is the system the drivers run on; "": runtime.GOOS.
	GOOS string
}

// SelectPrompt returns the driver name names. Drivers that cannot work here (osascript off
// macOS, wincredui off Windows, terminal without one) and pass, which aws-vault removed, are
// errors with a hint; a name that is no driver wraps ErrUnknownPrompt.
func SelectPrompt(name string, d PromptDeps) (PromptMFA, error) {
	goos := d.GOOS
	if goos == "" {
		goos = runtime.GOOS
	}
	if d.Run == nil {
		d.Run = ArgvRunner(nil, d.Env)
	}
	switch name {
	case PromptTerminal:
		if d.Terminal == nil {
			return nil, WithHint(errors.New("prompt terminal: there is no terminal here"),
				"use %s, or leave the prompt unset for the menu-bar app's dialog", strings.Join(usablePrompts(goos, false), ", "))
		}
		return d.Terminal, nil
	case PromptZenity:
		return d.Dialog, nil
	case PromptOSAScript:
		return onlyOn(goos, "darwin", "macos", name, d.Dialog, d.Terminal != nil)
	case PromptWinCredUI:
		return onlyOn(goos, "windows", "windows", name, d.Dialog, d.Terminal != nil)
	case PromptKDialog:
		return kdialogPrompt(d.Run), nil
	case PromptYkman:
		return ykmanPrompt(d.Run, d.Env), nil
	case PromptPass:
		return nil, WithHint(errors.New("prompt pass was removed from aws-vault: a totp kept without a dedicated device goes against security best practice"),
			"to keep using pass, add `mfa_process = pass otp <your mfa_serial>` to the profile")
	}
	return nil, fmt.Errorf("%w %q: use one of %s", ErrUnknownPrompt, name, strings.Join(PromptDrivers, ", "))
}

func onlyOn(goos, want, system, name string, dialog PromptMFA, terminal bool) (PromptMFA, error) {
	if goos != want {
		return nil, WithHint(fmt.Errorf("prompt %s works on %s only", name, system),
			"on this system use %s", strings.Join(usablePrompts(goos, terminal), ", "))
	}
	return dialog, nil
}

// usablePrompts are the drivers that can work on goos.
func usablePrompts(goos string, terminal bool) []string {
	return slices.DeleteFunc(slices.Clone(PromptDrivers), func(n string) bool {
		return n == PromptPass || n == PromptTerminal && !terminal ||
			n == PromptOSAScript && goos != "darwin" || n == PromptWinCredUI && goos != "windows"
	})
}

// mfaPromptText is aws-vault's question, preceded by why it is asked again.
func mfaPromptText(req MFARequest) string {
	text := fmt.Sprintf("Enter MFA code for %s: ", req.Serial)
	if req.Retry != "" {
		text = req.Retry + "\n" + text
	}
	return text
}
