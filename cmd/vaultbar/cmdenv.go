package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

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

// overrides are the flags that change profile resolution.
func (f credentialFlags) overrides() vault.Overrides {
	return vault.Overrides{Region: f.region, MFAToken: f.mfaToken, Duration: f.duration}
}

func (a *app) envCmd(ctx context.Context, args []string) error {
	var format string
	req, err := a.parseCredentialArgs("env", args, -1, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "export", "output format")
	})
	if err != nil {
		return err
	}
	if err := oneOf("format", format, envFormats...); err != nil {
		return err
	}
	creds, p, err := a.credentials(ctx, req.profile, req.flags)
	if err != nil {
		return err
	}
	out, err := formatEnv(format, p.Name, creds, p.Region)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(a.io.out, out)
	return err
}

// credentialRequest is a parsed env or exec command line.
type credentialRequest struct {
	profile string
	rest    []string // exec's command
	flags   credentialFlags
}

// parseCredentialArgs parses what env and exec share: PROFILE and the credential flags, plus
// the command's own flags, which own registers.
func (a *app) parseCredentialArgs(cmd string, args []string, maxPos int, own func(*flag.FlagSet)) (credentialRequest, error) {
	var req credentialRequest
	fs := a.flagSet(cmd)
	req.flags.register(fs)
	if own != nil {
		own(fs)
	}
	pos, rest, err := parseFlags(fs, args, maxPos)
	if err != nil {
		return req, err
	}
	req.rest = rest
	req.profile, err = needProfile(cmd, pos)
	return req, err
}

// credentials resolves a profile and gets its credentials through the vault.
func (a *app) credentials(ctx context.Context, name string, cf credentialFlags) (aws.Credentials, *vault.Profile, error) {
	store, p, err := a.openProfile(name, cf)
	if err != nil {
		return aws.Credentials{}, nil, err
	}
	creds, err := a.newVault(store).Credentials(ctx, p, vault.CredentialOptions{NoSession: cf.noSession})
	return creds, p, err
}

// openProfile is the start of every command that uses credentials: refuse to nest, open the
// keyring, resolve the profile with the flags.
func (a *app) openProfile(name string, cf credentialFlags) (*vault.Store, *vault.Profile, error) {
	if err := a.refuseNested(); err != nil {
		return nil, nil, err
	}
	store, err := a.openStore()
	if err != nil {
		return nil, nil, err
	}
	p, err := a.resolve(store, name, cf.overrides())
	return store, p, err
}

// resolve finds a profile in the config file, or a credential-only profile in the keyring.
func (a *app) resolve(store *vault.Store, name string, flags vault.Overrides) (*vault.Profile, error) {
	cfg, err := a.loadConfig()
	if err != nil {
		return nil, err
	}
	if !cfg.HasProfile(name) {
		has, err := store.HasCredentials(name)
		if err != nil {
			return nil, err
		}
		if !has {
			return nil, vault.WithHint(fmt.Errorf("profile %s: %w in %s", name, vault.ErrProfileNotFound, a.configPath()),
				"`vaultbar list` shows the profiles; `vaultbar add %s` stores keys for a new one", name)
		}
	}
	return (&vault.Resolver{File: cfg, Env: a.env, Flags: flags}).Profile(name)
}
