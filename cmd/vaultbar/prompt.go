package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/vaultbar/vaultbar/desktop"
	"github.com/vaultbar/vaultbar/vault"
)

// envPrompt is aws-vault's variable for --prompt.
const envPrompt = "AWS_VAULT_PROMPT"

// promptName is the driver asked for: --prompt, else AWS_VAULT_PROMPT; "" for the default.
func (c *invocation) promptName() string {
	return cmp.Or(c.prompt, c.env.Get(envPrompt))
}

// cliPrompt is the command line's MFA prompt: the driver named, else the terminal. A name
// that is no driver is a usage error listing them.
func (c *invocation) cliPrompt() (vault.PromptMFA, error) {
	name := c.promptName()
	if name == "" {
		return promptMFAOnTTY, nil
	}
	p, err := vault.SelectPrompt(name, c.promptDeps(promptMFAOnTTY))
	if errors.Is(err, vault.ErrUnknownPrompt) {
		return nil, usagef("--prompt (%s): %v", envPrompt, err)
	}
	return p, err
}

// appPrompt is the menu-bar app's MFA prompt: its dialog, or the driver named when the app
// was started with --prompt or AWS_VAULT_PROMPT (ykman for a YubiKey). The app has no
// terminal: a name it cannot use is reported on stderr and the dialog is used, so that a
// variable meant for terminals never keeps the app from starting.
func (c *invocation) appPrompt() vault.PromptMFA {
	name := c.promptName()
	if name == "" {
		return desktop.PromptMFA
	}
	p, err := vault.SelectPrompt(name, c.promptDeps(nil))
	if err != nil {
		fmt.Fprintln(c.io.err, errorLine(fmt.Errorf("%w; the menu-bar app shows its dialog instead", err)))
		return desktop.PromptMFA
	}
	return p
}

func (c *invocation) promptDeps(terminal vault.PromptMFA) vault.PromptDeps {
	return vault.PromptDeps{Terminal: terminal, Dialog: desktop.PromptMFA,
		Run: vault.ArgvRunner(c.io.err, c.env), Env: c.env}
}

// promptOrError is cliPrompt as an effect: a prompt that cannot be used fails when asked.
func (c *invocation) promptOrError() vault.PromptMFA {
	p, err := c.cliPrompt()
	if err != nil {
		return func(context.Context, vault.MFARequest) (string, error) { return "", err }
	}
	return p
}

// checkPrompt fails a command line whose prompt cannot be used, before anything is asked.
func (c *invocation) checkPrompt() error {
	_, err := c.cliPrompt()
	return err
}
