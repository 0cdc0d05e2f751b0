package app

import (
	"context"

	"github.com/vaultbar/vaultbar/vault"
)

// RotateKeys replaces the access key a profile uses (its own or its source profile's), as
// `aws-vault rotate`; o.Say hears each step.
func (a *App) RotateKeys(ctx context.Context, profile string, o vault.RotateOptions) (vault.Rotation, error) {
	p, err := a.Profile(profile, vault.Overrides{})
	if err != nil {
		return vault.Rotation{}, err
	}
	v, err := a.Vault()
	if err != nil {
		return vault.Rotation{}, err
	}
	return v.Rotate(ctx, p, o)
}

// AccessKeyInfo asks IAM whose key a profile uses and how old it is, with the key alone.
func (a *App) AccessKeyInfo(ctx context.Context, profile string) (vault.AccessKeyInfo, error) {
	p, err := a.Profile(profile, vault.Overrides{})
	if err != nil {
		return vault.AccessKeyInfo{}, err
	}
	v, err := a.Vault()
	if err != nil {
		return vault.AccessKeyInfo{}, err
	}
	return v.AccessKeyInfo(ctx, p)
}
