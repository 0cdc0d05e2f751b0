package app

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/vault"
)

// Request names a profile and how to get its credentials: the flags every credentials
// command shares (aws-vault's names: --region, --mfa-token, --duration, --no-session).
type Request struct {
	Profile   string
	Overrides vault.Overrides
	NoSession bool
	// MinTTL is the life a reused cached session must have left, when longer than AWS_MIN_TTL
	// (the EC2 server's IMDS rule).
	MinTTL time.Duration `json:",omitempty"`
}

func (r Request) options() vault.CredentialOptions {
	return vault.CredentialOptions{NoSession: r.NoSession, MinTTL: r.MinTTL}
}

// Profile resolves a profile from the config file, or a profile that only has keys in the
// keyring; a name that is neither is ErrProfileNotFound with a hint.
func (a *App) Profile(name string, o vault.Overrides) (*vault.Profile, error) {
	cfg, err := a.Config()
	if err != nil {
		return nil, err
	}
	a.fx.Debug.Printf("config: %s, profile %s has a section: %t", a.ConfigPath(), name, cfg.HasProfile(name))
	if !cfg.HasProfile(name) && a.remote == nil { // the running app checks it otherwise
		store, err := a.Store()
		if err != nil {
			return nil, err
		}
		has, err := store.HasCredentials(name)
		if err != nil {
			return nil, err
		}
		if !has {
			return nil, vault.WithHint(fmt.Errorf("profile %s: %w in %s", name, vault.ErrProfileNotFound, a.ConfigPath()),
				"`vaultbar list` shows the profiles; `vaultbar add %s` stores keys for a new one", name)
		}
	}
	p, err := (&vault.Resolver{File: cfg, Env: a.env, Flags: o}).Profile(name)
	if err == nil {
		a.fx.Debug.Printf("config: %s", p.DebugSummary())
	}
	return p, err
}

// Credentials resolves r's profile and gets its credentials through the app's one vault.
func (a *App) Credentials(ctx context.Context, r Request) (aws.Credentials, *vault.Profile, error) {
	p, err := a.Profile(r.Profile, r.Overrides)
	if err != nil {
		return aws.Credentials{}, nil, err
	}
	creds, err := a.credentialsOf(ctx, p, r)
	return creds, p, err
}

// EnvText is a profile's credentials as text in one of EnvFormats.
func (a *App) EnvText(ctx context.Context, r Request, format string) (string, error) {
	creds, p, err := a.Credentials(ctx, r)
	if err != nil {
		return "", err
	}
	return FormatEnv(format, p.Name, creds, p.Region)
}

// CopyEnv puts a profile's credentials on the clipboard in one of EnvFormats.
func (a *App) CopyEnv(ctx context.Context, r Request, format string) error {
	if a.fx.CopySecret == nil {
		return ErrUnavailable
	}
	out, err := a.EnvText(ctx, r, format)
	if err != nil {
		return err
	}
	return a.fx.CopySecret(out)
}

// ClearSessions deletes a profile's cached sessions and says how many there were.
func (a *App) ClearSessions(profile string) (int, error) {
	store, err := a.Store()
	if err != nil {
		return 0, err
	}
	return store.RemoveSessions(profile)
}

// ClearAll deletes every cached session and SSO token.
func (a *App) ClearAll() (int, error) {
	store, err := a.Store()
	if err != nil {
		return 0, err
	}
	return store.ClearAll()
}
