package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/vault"
)

// AddOptions tune AddCredentials.
type AddOptions struct {
	// NoConfig leaves the config file alone; by default a [profile NAME] section is added
	// when the profile has none (aws-vault add --add-config, its default).
	NoConfig bool
	// Region and MFASerial, when set, go into the section added for a new profile; an
	// existing section is left as it is.
	Region, MFASerial string
}

// CheckNewProfile refuses a name that cannot be a config section, or a profile whose keys
// would never be used because it takes its credentials from source_profile. It runs before
// the keys are asked for, so nothing is typed in vain.
func (a *App) CheckNewProfile(name string) error {
	if err := vault.CheckProfileName(name); err != nil {
		return err
	}
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	if !cfg.HasProfile(name) {
		return nil
	}
	p, err := (&vault.Resolver{File: cfg, Env: a.env}).Profile(name)
	if err != nil {
		return err
	}
	switch {
	case p.SourceProfileName != "":
		return vault.WithHint(fmt.Errorf("profile %s uses source_profile %s, so keys cannot be added to it", name, p.SourceProfileName),
			"add the keys to %s instead", p.SourceProfileName)
	case p.HasSSO():
		return vault.WithHint(fmt.Errorf("profile %s signs in through IAM Identity Center, so keys cannot be added to it", name),
			"choose another name for the keys")
	case p.CredentialProcess != "" || p.WebIdentityTokenFile != "" || p.WebIdentityTokenProcess != "":
		return vault.WithHint(fmt.Errorf("profile %s gets its credentials from credential_process or a web identity token, so keys cannot be added to it", name),
			"choose another name for the keys")
	}
	return nil
}

// AddCredentials stores a profile's long-term access keys (as `aws-vault add`), deletes the
// sessions made from the old ones, and returns how many there were.
func (a *App) AddCredentials(name string, keys aws.Credentials, o AddOptions) (removedSessions int, err error) {
	if err := a.CheckNewProfile(name); err != nil {
		return 0, err
	}
	store, err := a.Store()
	if err != nil {
		return 0, err
	}
	if err := store.SetCredentials(name, keys); err != nil {
		return 0, fmt.Errorf("store credentials for profile %s: %w", name, err)
	}
	n, err := store.RemoveSessions(name)
	if err != nil {
		return n, err
	}
	if o.NoConfig {
		return n, nil
	}
	cfg, err := a.Config()
	if err != nil || cfg.HasProfile(name) {
		return n, err
	}
	np := vault.NewProfile{Name: name}
	for _, kv := range [][2]string{{"region", o.Region}, {"mfa_serial", o.MFASerial}} {
		if kv[1] != "" {
			np.Settings = append(np.Settings, kv)
		}
	}
	_, err = cfg.AppendProfiles([]vault.NewProfile{np})
	return n, err
}

// CheckKeys refuses values that cannot be AWS keys, without echoing the secret.
func CheckKeys(id, secret string) (aws.Credentials, error) {
	id, secret = strings.TrimSpace(id), strings.TrimSpace(secret)
	if !vault.IsAccessKeyID(id) {
		return aws.Credentials{}, vault.WithHint(fmt.Errorf("access key id %q does not look like an aws access key id", id),
			"it is 20 upper-case letters and digits, starting with AKIA")
	}
	if !vault.IsSecretAccessKey(secret) {
		return aws.Credentials{}, vault.WithHint(errors.New("secret access key does not look like an aws secret access key"),
			"it is 40 characters of letters, digits, / and +")
	}
	return aws.Credentials{AccessKeyID: id, SecretAccessKey: secret}, nil
}

// RemoveCredentials deletes a profile's stored keys and, since they came from those keys,
// its sessions; it returns how many sessions there were. A profile without keys is
// vault.ErrNoCredentials with a hint.
func (a *App) RemoveCredentials(name string) (removedSessions int, err error) {
	store, err := a.Store()
	if err != nil {
		return 0, err
	}
	has, err := store.HasCredentials(name)
	if err != nil {
		return 0, err
	}
	if !has {
		return 0, vault.WithHint(fmt.Errorf("profile %s: %w stored", name, vault.ErrNoCredentials), "`vaultbar list` shows which profiles have keys")
	}
	if err := store.RemoveCredentials(name); err != nil {
		return 0, fmt.Errorf("remove credentials of profile %s: %w", name, err)
	}
	return store.RemoveSessions(name)
}
