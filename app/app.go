package app

import (
	"cmp"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/vaultbar/vaultbar/control"
	"github.com/vaultbar/vaultbar/vault"
)

// App is Vaultbar for one process: the environment it was started with, the keyring it opens
// (once, on first use), and one vault, so every entrance in the process (menu, URL, the CLI
// through the app, servers) shares each refresh and each MFA prompt.
type App struct {
	env     vault.Env
	keyring KeyringOverrides
	limits  vault.CallLimits
	fx      Effects
	remote  *control.Client // the running app, which gets credentials for this one; nil: none
	// noBrowser: IAM Identity Center sign-ins are only shown, never opened in a browser.
	noBrowser bool
	*shared
}

// shared is what every view of an App shares (forClient): the keyring, the vault, servers.
type shared struct {
	mu      sync.Mutex
	store   *vault.Store
	v       *vault.Vault
	servers map[string]*runningServer // the menu's metadata servers by profile
}

// Options configure New.
type Options struct {
	Env     vault.Env
	Keyring KeyringOverrides // the global keyring flags; each overrides its AWS_VAULT_* variable
	Limits  vault.CallLimits // bounds of every AWS call; zero means vault's defaults (tests shorten them)
	Effects Effects
	// Remote is the running app: credentials come from it (one keyring, one refresh, one
	// prompt for every terminal and the menu). Nil: this process gets them itself.
	Remote *control.Client
	// NoBrowser keeps IAM Identity Center sign-ins out of the browser: the user opens the
	// address Effects.SSOSignIn showed (--no-browser, console --stdout).
	NoBrowser bool
}

// KeyringOverrides are aws-vault's global keyring flags.
type KeyringOverrides struct {
	Backend, Keychain, Collection, FileDir, PassDir, PassCmd, PassPrefix string
}

// New returns the App for o.
func New(o Options) *App {
	o.Effects.fillDefaults()
	return &App{env: o.Env, keyring: o.Keyring, limits: o.Limits, fx: o.Effects, remote: o.Remote, noBrowser: o.NoBrowser,
		shared: &shared{servers: map[string]*runningServer{}}}
}

// Env is the environment the app was started with.
func (a *App) Env() vault.Env { return a.env }

// KeyringOptions merges the environment with the flags; the file backend's passphrase is
// asked through Effects.Passphrase when AWS_VAULT_FILE_PASSPHRASE is not set.
func (a *App) KeyringOptions() vault.KeyringOptions {
	o := vault.KeyringOptionsFromEnv(a.env)
	k := a.keyring
	o.Backend = cmp.Or(k.Backend, o.Backend)
	o.KeychainName = cmp.Or(k.Keychain, o.KeychainName)
	o.SecretServiceCollection = cmp.Or(k.Collection, o.SecretServiceCollection)
	o.FileDir = cmp.Or(k.FileDir, o.FileDir)
	o.PassDir = cmp.Or(k.PassDir, o.PassDir)
	o.PassCmd = cmp.Or(k.PassCmd, o.PassCmd)
	o.PassPrefix = cmp.Or(k.PassPrefix, o.PassPrefix)
	if o.FilePassphrase == nil {
		o.FilePassphrase = a.fx.Passphrase
	}
	return o
}

// Store opens the keyring on first use (it may ask for a passphrase) and returns it.
func (a *App) Store() (*vault.Store, error) {
	s, _, err := a.engine()
	return s, err
}

// Vault is the app's one credentials engine over Store.
func (a *App) Vault() (*vault.Vault, error) {
	_, v, err := a.engine()
	return v, err
}

func (a *App) engine() (*vault.Store, *vault.Vault, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.v == nil {
		o := a.KeyringOptions()
		kr, err := vault.OpenKeyring(o)
		if err != nil {
			a.fx.Debug.Printf("keyring: opening %s failed: %v", cmp.Or(o.Backend, "the default backend"), err)
			return nil, nil, err
		}
		a.fx.Debug.Printf("keyring: opened %s", cmp.Or(o.Backend, "the default backend"))
		a.store = vault.NewStore(kr, a.fx.Now)
		a.v = vault.New(a.store, vault.Options{
			Env:       a.env,
			Now:       a.fx.Now,
			Prompt:    a.fx.PromptMFA,
			Run:       vault.ShellRunner(a.fx.Stderr),
			MinTTL:    vault.MinTTLFromEnv(a.env),
			Limits:    a.limits,
			Lock:      a.sessionLocks(),
			SSOSignIn: a.signInSSO,
			Debug:     a.fx.Debug,
		})
	}
	return a.store, a.v, nil
}

// sessionLocks shares session refreshes with other vaultbar processes through lock files in
// the user cache directory: unlike $XDG_RUNTIME_DIR it is there for cron jobs, ssh and sudo
// -E too (two processes using different lock directories would not see each other), and
// unlike the file keyring's directory it holds no file aws-vault would list as a profile.
// Without a home directory there is no lock, only the in-process sharing.
func (a *App) sessionLocks() vault.LockFunc {
	dir := filepath.Join(a.appDir(cacheDir), "locks")
	if !filepath.IsAbs(dir) {
		return nil
	}
	return vault.FileLocks(dir)
}

// Config reads the config file.
func (a *App) Config() (*vault.ConfigFile, error) {
	return vault.LoadConfigFile(a.ConfigPath())
}

// ConfigPath is AWS_CONFIG_FILE, else ~/.aws/config.
func (a *App) ConfigPath() string {
	return cmp.Or(a.env.Get("AWS_CONFIG_FILE"), filepath.Join(a.HomeDir(), ".aws", "config"))
}

// HomeDir is the user's home directory as this process's environment says.
func (a *App) HomeDir() string {
	if runtime.GOOS == "windows" && a.env.Get("USERPROFILE") != "" {
		return a.env.Get("USERPROFILE")
	}
	return a.env.Get("HOME")
}

// dirKind is one of Vaultbar's own directories: its XDG variable and default, and the
// Windows variable it lives under.
type dirKind struct{ xdgVar, xdgDefault, windowsVar string }

var (
	configDir = dirKind{"XDG_CONFIG_HOME", ".config", "APPDATA"}
	cacheDir  = dirKind{"XDG_CACHE_HOME", ".cache", "LOCALAPPDATA"}
	stateDir  = dirKind{"XDG_STATE_HOME", ".local/state", "LOCALAPPDATA"}
	dataDir   = dirKind{"XDG_DATA_HOME", ".local/share", "LOCALAPPDATA"}
)

// appDir is Vaultbar's own directory of one kind: ~/Library/Application Support/Vaultbar on
// macOS, %windowsVar%\Vaultbar on Windows, else $xdgVar/vaultbar (xdgDefault under the home
// directory when unset), as the XDG base directory spec says.
func (a *App) appDir(k dirKind) string {
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(a.HomeDir(), "Library", "Application Support", "Vaultbar")
	case "windows":
		return filepath.Join(a.env.Get(k.windowsVar), "Vaultbar")
	}
	base := a.env.Get(k.xdgVar)
	if base == "" {
		base = filepath.Join(a.HomeDir(), filepath.FromSlash(k.xdgDefault))
	}
	return filepath.Join(base, "vaultbar")
}

// Environ is the environment as os/exec wants it, sorted.
func (a *App) Environ() []string { return EnvironList(a.env) }

// LookPath finds a program on this process's PATH (which tests set per run).
func (a *App) LookPath(name string) (string, error) {
	if runtime.GOOS == "windows" { // PATHEXT rules
		return exec.LookPath(name)
	}
	for _, dir := range filepath.SplitList(a.env.Get("PATH")) {
		if dir == "" {
			continue
		}
		path := filepath.Join(dir, name)
		if st, err := os.Stat(path); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return path, nil
		}
	}
	return "", &exec.Error{Name: name, Err: exec.ErrNotFound}
}

// RuntimeDir is the user-only directory of the control socket: $XDG_RUNTIME_DIR/vaultbar, the
// per-user temporary directory on macOS, else "run" in Vaultbar's cache directory. Never a
// shared one such as /tmp, where another user could create it first and keep the app from
// starting.
func (a *App) RuntimeDir() (string, error) {
	if d := a.env.Get("XDG_RUNTIME_DIR"); filepath.IsAbs(d) { // the spec ignores relative paths
		return filepath.Join(d, "vaultbar"), nil
	}
	if d := a.env.Get("TMPDIR"); runtime.GOOS == "darwin" && filepath.IsAbs(d) { // /var/folders/…/T, the user's own
		return filepath.Join(d, "vaultbar"), nil
	}
	d := filepath.Join(a.appDir(cacheDir), "run")
	if !filepath.IsAbs(d) {
		return "", vault.WithHint(errors.New("no directory for the control socket"), "set HOME or XDG_RUNTIME_DIR")
	}
	return d, nil
}
