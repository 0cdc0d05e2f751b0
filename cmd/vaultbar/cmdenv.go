package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/vault"
)

// credentialFlags are the flags of every command that fetches credentials (aws-vault's names).
type credentialFlags struct {
	mfaToken  string
	region    string
	duration  time.Duration
	noSession bool
}

func (f *credentialFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.mfaToken, "mfa-token", "", "the MFA code to use")
	fs.StringVar(&f.mfaToken, "t", "", "short for --mfa-token")
	fs.StringVar(&f.region, "region", "", "the AWS region")
	fs.DurationVar(&f.duration, "duration", 0, "duration of the temporary credentials")
	fs.DurationVar(&f.duration, "d", 0, "short for --duration")
	fs.BoolVar(&f.noSession, "no-session", false, "skip GetSessionToken")
	fs.BoolVar(&f.noSession, "n", false, "short for --no-session")
}

func (c *invocation) envCmd(ctx context.Context, args []string) error {
	var format string
	req, err := c.parseCredentialArgs("env", args, -1, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", app.DefaultEnvFormat, "output format")
		c.registerSSOStdout(fs)
	})
	if err != nil {
		return err
	}
	if err := oneOf("format", format, app.EnvFormats...); err != nil {
		return err
	}
	out, err := c.credentialsApp(ctx).EnvText(ctx, req.Request, format)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(c.io.out, out)
	return err
}

// credentialRequest is a parsed env, exec, console or serve command line.
type credentialRequest struct {
	app.Request
	rest []string // exec's command
}

// parseCredentialArgs parses what the credentials commands share: PROFILE and the credential
// flags, plus the command's own flags, which own registers. Inside an aws-vault subshell it
// refuses, as aws-vault does.
func (c *invocation) parseCredentialArgs(cmd string, args []string, maxPos int, own func(*flag.FlagSet)) (credentialRequest, error) {
	var req credentialRequest
	var f credentialFlags
	fs := c.flagSet(cmd)
	f.register(fs)
	if own != nil {
		own(fs)
	}
	pos, rest, err := parseFlags(fs, args, maxPos)
	if err != nil {
		return req, err
	}
	req.rest = rest
	if req.Profile, err = needProfile(cmd, pos); err != nil {
		return req, err
	}
	req.Overrides = vault.Overrides{Region: f.region, MFAToken: f.mfaToken, Duration: f.duration}
	req.NoSession = f.noSession
	if err := c.checkPrompt(); err != nil {
		return req, err
	}
	return req, c.refuseNested()
}
