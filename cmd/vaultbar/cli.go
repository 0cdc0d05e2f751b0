package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/control"
	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

// invocation is one command-line invocation: the environment read once in main, the streams, and
// the global flags every subcommand accepts.
type invocation struct {
	env   vault.Env
	io    stdio
	kr    app.KeyringOverrides
	noApp bool // --no-app: never go through the running app
	// prompt is --prompt: aws-vault's MFA prompt driver ("" for AWS_VAULT_PROMPT, else the default).
	prompt string
	// noBrowser: IAM Identity Center sign-ins are printed, not opened (--no-browser, console --stdout).
	noBrowser bool
	// debug is --debug: what Vaultbar does is logged on stderr, without secrets.
	debug bool
	// limits bound every AWS call; zero means vault's defaults (tests shorten them).
	limits vault.CallLimits
}

// flagSet returns a subcommand's flag set with the global flags registered on it. Their
// defaults are the values already set, by global flags given before the command
// (`vaultbar --prompt=ykman exec ...`, as aws-vault accepts them).
func (c *invocation) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&c.kr.Backend, "backend", c.kr.Backend, "keyring backend (AWS_VAULT_BACKEND)")
	fs.StringVar(&c.kr.Keychain, "keychain", c.kr.Keychain, "macOS keychain name (AWS_VAULT_KEYCHAIN_NAME)")
	fs.StringVar(&c.kr.Collection, "secret-service-collection", c.kr.Collection, "Secret Service collection (AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)")
	fs.StringVar(&c.kr.FileDir, "file-dir", c.kr.FileDir, "file backend directory (AWS_VAULT_FILE_DIR)")
	fs.StringVar(&c.kr.PassDir, "pass-dir", c.kr.PassDir, "pass store directory (AWS_VAULT_PASS_PASSWORD_STORE_DIR)")
	fs.StringVar(&c.kr.PassCmd, "pass-cmd", c.kr.PassCmd, "pass command (AWS_VAULT_PASS_CMD)")
	fs.StringVar(&c.kr.PassPrefix, "pass-prefix", c.kr.PassPrefix, "pass prefix (AWS_VAULT_PASS_PREFIX)")
	fs.BoolVar(&c.noApp, "no-app", c.noApp, "get credentials here even when the menu-bar app runs")
	fs.StringVar(&c.prompt, "prompt", c.prompt, "MFA prompt driver (AWS_VAULT_PROMPT)")
	fs.BoolVar(&c.noBrowser, "no-browser", c.noBrowser, "print the iam identity center sign-in address instead of opening a browser")
	fs.BoolVar(&c.debug, "debug", c.debug, "log what vaultbar does on stderr (config, keyring, cache, aws calls), never a secret")
	return fs
}

// registerSSOStdout is exec's and export's --stdout in aws-vault: print the IAM Identity
// Center sign-in link rather than open a browser, which is --no-browser here.
func (c *invocation) registerSSOStdout(fs *flag.FlagSet) {
	fs.BoolVar(&c.noBrowser, "stdout", c.noBrowser, "print the iam identity center sign-in address instead of opening a browser (--no-browser)")
}

// credentialsApp is the application layer of a command that gets credentials: through the
// running app when there is one (its keyring, its one refresh, its MFA dialog), else alone.
// A prompt driver named on this command line (--prompt, AWS_VAULT_PROMPT) runs here, so the
// command then works alone too: the app would ask with its own.
func (c *invocation) credentialsApp(ctx context.Context) *app.App {
	a := c.newApp(app.Options{})
	if c.noApp || c.promptName() != "" {
		return a
	}
	dir, err := a.RuntimeDir()
	if err != nil {
		return a
	}
	client, err := control.Dial(ctx, dir)
	if err != nil {
		return a // no app (or one that does not answer): the command works alone
	}
	return c.newApp(app.Options{Remote: client})
}

// newApp is the application layer for this invocation with o's effects, the terminal's where
// o has none: prompts on /dev/tty (or with the driver --prompt names), process output on
// stderr, browsers launched detached.
func (c *invocation) newApp(o app.Options) *app.App {
	fx := o.Effects
	if fx.PromptMFA == nil {
		fx.PromptMFA = c.promptOrError()
	}
	if fx.Passphrase == nil {
		fx.Passphrase = func(r vault.PassphraseRequest) (string, error) { return readSecretFromTTY(r.Prompt) }
	}
	if fx.Stderr == nil {
		fx.Stderr = c.io.err
	}
	if fx.Launch == nil {
		fx.Launch = launch
	}
	if fx.SSOSignIn == nil {
		fx.SSOSignIn = c.printSSOSignIn
	}
	if fx.Debug == nil {
		fx.Debug = c.debugf()
	}
	o.NoBrowser = o.NoBrowser || c.noBrowser
	o.Env, o.Keyring, o.Limits, o.Effects = c.env, c.kr, c.limits, fx
	return app.New(o)
}

// printSSOSignIn tells the terminal user where to approve an IAM Identity Center sign-in.
// It goes to stderr: stdout may be a credentials document a script reads.
func (c *invocation) printSSOSignIn(_ context.Context, s vault.SSOSignIn) error {
	why := ""
	if s.Reason != "" {
		why = s.Reason + "; "
	}
	_, err := fmt.Fprintf(c.io.err, "vaultbar: %sto sign in, open %s and check the code %s\n", why, s.VerificationURIComplete, s.UserCode)
	return err
}

// launch starts a detached program (login.Launch), as app.Effects.Launch wants it.
func launch(ctx context.Context, argv, env []string) error {
	_, err := login.Launch(ctx, argv, env)
	return err
}

// needProfile checks a command got exactly one PROFILE argument.
func needProfile(cmd string, pos []string) (string, error) {
	if len(pos) != 1 || pos[0] == "" {
		return "", usagef("%s needs exactly one PROFILE argument", cmd)
	}
	return pos[0], nil
}

// refuseNested mirrors aws-vault: credentials inside an aws-vault (or vaultbar) subshell
// would silently mix two profiles.
func (c *invocation) refuseNested() error {
	if p := c.env.Get("AWS_VAULT"); p != "" {
		return vault.WithHint(fmt.Errorf("running inside a subshell for profile %s", p),
			"'exit' from the subshell or unset AWS_VAULT to force")
	}
	return nil
}
