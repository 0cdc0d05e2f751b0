package app

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/vaultbar/vaultbar/vault"
)

// KeysForm is what the Add credentials form asks: the profile's name and access keys, and
// optionally the region and MFA device (mfa_serial) a new profile gets in the config file.
type KeysForm struct {
	Profile, KeyID, Secret, Region, MFASerial string
}

// AskAndAddCredentials is the menu's Add credentials: one form, checked in the order that
// wastes the least typing (the name, then the keys' shape, then AWS), and shown again with
// the reason until it passes or is cancelled. Keys AWS rejects are never stored; the form
// comes back with everything typed but the secret. A profile that has keys already gets an
// explicit warning ("Replace keys" / "Cancel") before they are replaced. The notification
// names the account and user the keys belong to.
func (a *App) AskAndAddCredentials(ctx context.Context) error {
	if a.fx.AskKeys == nil {
		return ErrUnavailable
	}
	var last KeysForm
	problem := ""
	for {
		f, err := a.fx.AskKeys(ctx, problem, last)
		if err != nil {
			return err
		}
		last = f
		var done bool
		done, problem, err = a.addFromForm(ctx, &last)
		if done || err != nil {
			return err
		}
	}
}

// addFromForm checks f and stores its keys. A problem the user can fix in the form comes back
// as problem (f.Secret cleared when the keys were the problem); err ends the whole add.
func (a *App) addFromForm(ctx context.Context, f *KeysForm) (done bool, problem string, err error) {
	if err := a.CheckNewProfile(f.Profile); err != nil {
		return false, formProblem(err), nil
	}
	if err := checkFormSettings(*f); err != nil {
		return false, formProblem(err), nil
	}
	keys, err := CheckKeys(f.KeyID, f.Secret)
	if err != nil {
		f.Secret = ""
		return false, formProblem(err), nil
	}
	v, err := a.Vault()
	if err != nil {
		return false, "", err
	}
	p, err := a.formProfile(*f)
	if err != nil {
		return false, "", err
	}
	id, err := v.CallerIdentity(ctx, p, keys)
	switch {
	case ctx.Err() != nil:
		return false, "", context.Cause(ctx)
	case errors.Is(err, vault.ErrInvalidKeys):
		f.Secret = ""
		return false, "AWS did not accept these keys: check the access key ID and the secret, and that the key is active.", nil
	case err != nil:
		f.Secret = ""
		return false, formProblem(err), nil
	}
	replaced, err := a.confirmReplace(ctx, f.Profile, keys.AccessKeyID, id)
	if err != nil || !replaced {
		return true, "", err // Cancel keeps the old keys and ends the add
	}
	n, err := a.AddCredentials(f.Profile, keys, AddOptions{Region: f.Region, MFASerial: f.MFASerial})
	if err != nil {
		return true, "", err
	}
	body := fmt.Sprintf("Account %s, %s.", id.Account, id.ARN)
	if n > 0 {
		body += fmt.Sprintf(" %d cached session(s) of the old keys were deleted.", n)
	}
	a.notifySuccess("Added keys for "+f.Profile, body)
	return true, "", nil
}

// confirmReplace reports whether to go on: always for a profile without keys; for one with
// keys, when the user chose "Replace keys".
func (a *App) confirmReplace(ctx context.Context, name, newID string, id vault.CallerIdentity) (bool, error) {
	store, err := a.Store()
	if err != nil {
		return false, err
	}
	has, err := store.HasCredentials(name)
	if err != nil || !has {
		return err == nil, err
	}
	old, err := store.Credentials(name)
	if err != nil {
		return false, err
	}
	question := fmt.Sprintf("Profile %s already has keys (%s). Replace them with %s of %s?\n\nIts cached sessions are deleted with the old keys.",
		name, vault.DisplayKey(old.AccessKeyID), vault.DisplayKey(newID), id.ARN)
	return a.confirmVerb(ctx, "Replace keys", question)
}

// formProfile is the profile the keys are tried with: the config's, when it has one (its
// region and STS endpoint settings), with the form's region over it.
func (a *App) formProfile(f KeysForm) (*vault.Profile, error) {
	cfg, err := a.Config()
	if err != nil {
		return nil, err
	}
	if !cfg.HasProfile(f.Profile) {
		return &vault.Profile{Name: f.Profile, Region: f.Region}, nil
	}
	return (&vault.Resolver{File: cfg, Env: a.env, Flags: vault.Overrides{Region: f.Region}}).Profile(f.Profile)
}

var (
	regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	// mfaPattern: a virtual device's ARN, or a hardware token's serial number.
	mfaPattern = regexp.MustCompile(`^(arn:aws[a-z-]*:iam::[0-9]{12}:mfa/[\w+=,.@/-]+|[A-Za-z0-9]{9,})$`)
)

// checkFormSettings refuses an optional field that is set but cannot be what it names.
func checkFormSettings(f KeysForm) error {
	if f.Region != "" && !regionPattern.MatchString(f.Region) {
		return vault.WithHint(fmt.Errorf("region %q is not an aws region", f.Region), "a region looks like eu-west-1; leave it empty for none")
	}
	if f.MFASerial != "" && !mfaPattern.MatchString(f.MFASerial) {
		return vault.WithHint(fmt.Errorf("mfa device %q is neither an mfa device arn nor a serial number", f.MFASerial),
			"it looks like arn:aws:iam::123456789012:mfa/alice; leave it empty for none")
	}
	return nil
}

// formProblem is an error as the line above the form shows it.
func formProblem(err error) string { return UserText(err) }
