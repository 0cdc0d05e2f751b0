package vault

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/keyring"
)

// aws-vault's fixed keyring settings (research/aws-vault.md §2.1). Changing any of them
// would put Vaultbar's items where the aws-vault CLI cannot see them.
const (
	keyringServiceName       = "aws-vault"
	keyringDefaultKeychain   = "aws-vault"
	keyringDefaultCollection = "awsvault"
	keyringKWalletName       = "aws-vault"
	keyringWinCredPrefix     = "aws-vault"
	keyringDefaultFileDir    = "~/.awsvault/keys/"
)

// KeyringOptions are the user-selectable keyring settings, the same ones aws-vault takes
// from its flags and AWS_VAULT_* variables.
type KeyringOptions struct {
	Backend                 string
	KeychainName            string
	FileDir                 string
	SecretServiceCollection string
	PassDir                 string
	PassCmd                 string
	PassPrefix              string

	// FilePassphrase unlocks the file backend. It gets the full prompt text, e.g.
	// `Enter passphrase to unlock "/home/me/.awsvault/keys": `, with what the item it opens
	// is for, and is called when an item is first read or written, and again after a wrong
	// answer, up to three times per operation ("That passphrase was wrong. " before the
	// prompt); only an answer that opened an item is kept. Nil means no way to ask: the file
	// backend then fails with ErrKeyringLocked.
	FilePassphrase func(PassphraseRequest) (string, error)
}

// KeyringOptionsFromEnv reads the AWS_VAULT_* variables aws-vault honours. When
// AWS_VAULT_FILE_PASSPHRASE is set, even to "", it is the passphrase and nobody is
// prompted (aws-vault does the same); otherwise FilePassphrase stays nil for main to
// fill with a terminal or GUI prompt.
func KeyringOptionsFromEnv(env Env) KeyringOptions {
	o := KeyringOptions{
		Backend:                 env.Get("AWS_VAULT_BACKEND"),
		KeychainName:            env.Get("AWS_VAULT_KEYCHAIN_NAME"),
		FileDir:                 env.Get("AWS_VAULT_FILE_DIR"),
		SecretServiceCollection: env.Get("AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME"),
		PassDir:                 env.Get("AWS_VAULT_PASS_PASSWORD_STORE_DIR"),
		PassCmd:                 env.Get("AWS_VAULT_PASS_CMD"),
		PassPrefix:              env.Get("AWS_VAULT_PASS_PREFIX"),
	}
	if pass, ok := env.Lookup("AWS_VAULT_FILE_PASSPHRASE"); ok {
		o.FilePassphrase = func(PassphraseRequest) (string, error) { return pass, nil }
	}
	return o
}

// Config is aws-vault's exact keyring.Config for these options. AllowedBackends always
// holds exactly one backend, as in aws-vault, so a failing backend never silently falls
// back to another store the CLI would not look in.
func (o KeyringOptions) Config() keyring.Config {
	return keyring.Config{
		AllowedBackends:          []keyring.BackendType{o.backend()},
		ServiceName:              keyringServiceName,
		KeychainName:             cmp.Or(o.KeychainName, keyringDefaultKeychain),
		KeychainTrustApplication: true,
		LibSecretCollectionName:  cmp.Or(o.SecretServiceCollection, keyringDefaultCollection),
		KWalletAppID:             keyringKWalletName,
		KWalletFolder:            keyringKWalletName,
		WinCredPrefix:            keyringWinCredPrefix,
		FileDir:                  o.fileDir(),
		FilePasswordFunc:         o.filePasswordFunc().prompt,
		PassDir:                  o.PassDir,
		PassCmd:                  o.PassCmd,
		PassPrefix:               o.PassPrefix,
	}
}

// backend is the chosen backend, or InvalidBackend when none is available.
func (o KeyringOptions) backend() keyring.BackendType {
	if o.Backend != "" {
		return keyring.BackendType(o.Backend)
	}
	if avail := keyring.AvailableBackends(); len(avail) > 0 {
		return avail[0]
	}
	return keyring.InvalidBackend
}

func (o KeyringOptions) fileDir() string { return cmp.Or(o.FileDir, keyringDefaultFileDir) }

// askPassphrase asks for the file keyring's passphrase with the library's prompt text.
type askPassphrase func(PassphraseRequest) (string, error)

// prompt is the library's keyring.PromptFunc, for the Config: the item is not known there.
func (ask askPassphrase) prompt(text string) (string, error) {
	return ask(PassphraseRequest{Prompt: text})
}

// filePasswordFunc adapts FilePassphrase to the library's prompt, which lacks aws-vault's
// trailing ": ". The library would call a nil func and panic, so nil becomes an error.
func (o KeyringOptions) filePasswordFunc() askPassphrase {
	if o.FilePassphrase == nil {
		return func(PassphraseRequest) (string, error) {
			return "", WithHint(fmt.Errorf("no passphrase for the file keyring: %w", ErrKeyringLocked),
				"set AWS_VAULT_FILE_PASSPHRASE or run where a passphrase prompt can be shown")
		}
	}
	ask := o.FilePassphrase
	return func(r PassphraseRequest) (string, error) {
		r.Prompt += ": "
		return ask(r)
	}
}

// OpenKeyring opens the one backend o selects. The result reports errors already
// classified (ErrKeyringLocked, ErrKeyringUnavailable) with hints naming the backend.
func OpenKeyring(o KeyringOptions) (keyring.Keyring, error) {
	backend := o.backend()
	if backend == keyring.InvalidBackend {
		return nil, WithHint(fmt.Errorf("open keyring: no backend available: %w", ErrKeyringUnavailable),
			"start a Secret Service (e.g. gnome-keyring) or set AWS_VAULT_BACKEND=file")
	}
	if !keyringBackendAvailable(backend) {
		return nil, unavailableBackend(backend)
	}
	cfg := o.Config()
	kr, err := keyring.Open(cfg)
	if err != nil {
		return nil, openFailure(backend, err)
	}
	if backend == keyring.FileBackend {
		kr = newFileKeyring(kr, cfg.FileDir, o.filePasswordFunc())
	}
	return &locatedKeyring{Keyring: kr, where: o.describeLocation(backend)}, nil
}

// unavailableBackend explains a backend that is not usable here. The keyring library
// registers the D-Bus backends only when a session bus answers at start-up, so for those the
// usual cause is a missing desktop session rather than a typo.
func unavailableBackend(backend keyring.BackendType) error {
	switch backend {
	case keyring.SecretServiceBackend, keyring.KWalletBackend:
		return WithHint(fmt.Errorf("open keyring: backend %q needs a d-bus session bus, and none answered: %w", backend, ErrKeyringUnavailable),
			"run from a desktop session (DBUS_SESSION_BUS_ADDRESS) or set AWS_VAULT_BACKEND to one of: %s", keyringBackendNames())
	case keyring.KeychainBackend, keyring.WinCredBackend:
		return WithHint(fmt.Errorf("open keyring: backend %q does not exist on this system: %w", backend, ErrKeyringUnavailable),
			"set AWS_VAULT_BACKEND to one of: %s", keyringBackendNames())
	}
	return WithHint(fmt.Errorf("open keyring: unknown backend %q (valid here: %s): %w", backend, keyringBackendNames(), ErrKeyringUnavailable),
		"set AWS_VAULT_BACKEND to one of: %s", keyringBackendNames())
}

// openFailure explains why an available backend would not open. keyring.Open hides the
// backend's own error behind ErrNoAvailImpl, so the hint covers the usual causes.
func openFailure(backend keyring.BackendType, err error) error {
	wrapped := fmt.Errorf("open keyring backend %q: %w: %w", backend, ErrKeyringUnavailable, err)
	switch backend {
	case keyring.SecretServiceBackend, keyring.KWalletBackend:
		return WithHint(wrapped, "start the desktop keyring service or set AWS_VAULT_BACKEND=file")
	case keyring.KeyCtlBackend:
		return WithHint(wrapped, "aws-vault cannot use keyctl either; set AWS_VAULT_BACKEND=file")
	case keyring.PassBackend:
		return WithHint(wrapped, "install pass or set AWS_VAULT_PASS_CMD")
	}
	return WithHint(wrapped, "set AWS_VAULT_BACKEND to another backend")
}

func (o KeyringOptions) describeLocation(backend keyring.BackendType) string {
	if backend != keyring.FileBackend {
		return string(backend)
	}
	dir, err := keyring.ExpandTilde(o.fileDir())
	if err != nil {
		dir = o.fileDir()
	}
	return dir
}

func keyringBackendAvailable(b keyring.BackendType) bool {
	return slices.Contains(keyring.AvailableBackends(), b)
}

func keyringBackendNames() string {
	var names []string
	for _, a := range keyring.AvailableBackends() {
		names = append(names, string(a))
	}
	return strings.Join(names, ", ")
}

// locatedKeyring remembers where an opened keyring lives so that error hints can name it
// ("wrong passphrase for /home/me/.awsvault/keys/").
type locatedKeyring struct {
	keyring.Keyring
	where string
}

func (k *locatedKeyring) keyringLocation() string { return k.where }

// keyringLocationOf names kr for hints, or "" when it was not opened by OpenKeyring.
func keyringLocationOf(kr keyring.Keyring) string {
	if l, ok := kr.(interface{ keyringLocation() string }); ok {
		return l.keyringLocation()
	}
	return ""
}
