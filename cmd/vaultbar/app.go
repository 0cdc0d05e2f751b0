package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/vaultbar/vaultbar/vault"
)

// app is one command-line invocation: the environment read once in main, the streams, and
// the global flags every subcommand accepts.
type app struct {
	env vault.Env
	io  stdio
	kr  keyringFlags
	// prompt and passphrase ask the user; nil means the terminal (the menu-bar app sets dialogs).
	prompt     vault.PromptMFA
	passphrase func(prompt string) (string, error)
	// limits bound every AWS call; zero means vault's defaults (tests shorten them).
	limits vault.CallLimits
}

// keyringFlags are aws-vault's global keyring flags; each overrides its AWS_VAULT_* variable.
type keyringFlags struct {
	backend, keychain, collection, fileDir, passDir, passCmd, passPrefix string
}

// flagSet returns a subcommand's flag set with the global flags registered on it.
func (a *app) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&a.kr.backend, "backend", "", "keyring backend (AWS_VAULT_BACKEND)")
	fs.StringVar(&a.kr.keychain, "keychain", "", "macOS keychain name (AWS_VAULT_KEYCHAIN_NAME)")
	fs.StringVar(&a.kr.collection, "secret-service-collection", "", "Secret Service collection (AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)")
	fs.StringVar(&a.kr.fileDir, "file-dir", "", "file backend directory (AWS_VAULT_FILE_DIR)")
	fs.StringVar(&a.kr.passDir, "pass-dir", "", "pass store directory (AWS_VAULT_PASS_PASSWORD_STORE_DIR)")
	fs.StringVar(&a.kr.passCmd, "pass-cmd", "", "pass command (AWS_VAULT_PASS_CMD)")
	fs.StringVar(&a.kr.passPrefix, "pass-prefix", "", "pass prefix (AWS_VAULT_PASS_PREFIX)")
	return fs
}

// keyringOptions merges the environment with the flags, and asks for the file backend's
// passphrase on the terminal when AWS_VAULT_FILE_PASSPHRASE is not set.
func (a *app) keyringOptions() vault.KeyringOptions {
	o := vault.KeyringOptionsFromEnv(a.env)
	override(&o.Backend, a.kr.backend)
	override(&o.KeychainName, a.kr.keychain)
	override(&o.SecretServiceCollection, a.kr.collection)
	override(&o.FileDir, a.kr.fileDir)
	override(&o.PassDir, a.kr.passDir)
	override(&o.PassCmd, a.kr.passCmd)
	override(&o.PassPrefix, a.kr.passPrefix)
	if o.FilePassphrase == nil {
		o.FilePassphrase = a.passphrase
	}
	if o.FilePassphrase == nil {
		o.FilePassphrase = func(prompt string) (string, error) { return readSecretFromTTY(prompt) }
	}
	return o
}

func override(dst *string, flagValue string) {
	if flagValue != "" {
		*dst = flagValue
	}
}

func (a *app) openStore() (*vault.Store, error) {
	kr, err := vault.OpenKeyring(a.keyringOptions())
	if err != nil {
		return nil, err
	}
	return vault.NewStore(kr, time.Now), nil
}

// configPath is AWS_CONFIG_FILE, else ~/.aws/config.
func (a *app) configPath() string {
	if p := a.env.Get("AWS_CONFIG_FILE"); p != "" {
		return p
	}
	return filepath.Join(a.homeDir(), ".aws", "config")
}

// appDir is Vaultbar's own directory of one kind: ~/Library/Application Support/Vaultbar on
// macOS, %windowsVar%\Vaultbar on Windows, else $xdgVar/vaultbar (xdgDefault under the home
// directory when unset), as the XDG base directory spec says.
func (a *app) appDir(xdgVar, xdgDefault, windowsVar string) string {
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(a.homeDir(), "Library", "Application Support", "Vaultbar")
	case "windows":
		return filepath.Join(a.env.Get(windowsVar), "Vaultbar")
	}
	base := a.env.Get(xdgVar)
	if base == "" {
		base = filepath.Join(a.homeDir(), filepath.FromSlash(xdgDefault))
	}
	return filepath.Join(base, "vaultbar")
}

func (a *app) homeDir() string {
	if runtime.GOOS == "windows" && a.env.Get("USERPROFILE") != "" {
		return a.env.Get("USERPROFILE")
	}
	return a.env.Get("HOME")
}

func (a *app) loadConfig() (*vault.ConfigFile, error) {
	return vault.LoadConfigFile(a.configPath())
}

// newVault builds the credentials engine for commands that fetch credentials.
func (a *app) newVault(store *vault.Store) *vault.Vault {
	prompt := a.prompt
	if prompt == nil {
		prompt = promptMFAOnTTY
	}
	return vault.New(store, vault.Options{
		Env:    a.env,
		Prompt: prompt,
		Run:    vault.ShellRunner(a.io.err),
		MinTTL: vault.MinTTLFromEnv(a.env),
		Limits: a.limits,
		Lock:   a.sessionLocks(),
	})
}

// sessionLocks shares session refreshes with other vaultbar processes through lock files in
// the user cache directory: unlike $XDG_RUNTIME_DIR it is there for cron jobs, ssh and sudo
// -E too (two processes using different lock directories would not see each other), and
// unlike the file keyring's directory it holds no file aws-vault would list as a profile.
// Without a home directory there is no lock, only the in-process sharing.
func (a *app) sessionLocks() vault.LockFunc {
	dir := filepath.Join(a.appDir("XDG_CACHE_HOME", ".cache", "LOCALAPPDATA"), "locks")
	if !filepath.IsAbs(dir) {
		return nil
	}
	return vault.FileLocks(dir)
}

// environ is the environment as os/exec wants it.
func (a *app) environ() []string { return environList(a.env) }

// lookPath finds a program on this invocation's PATH (which tests set per run).
func (a *app) lookPath(name string) (string, error) {
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

// needProfile checks a command got exactly one PROFILE argument.
func needProfile(cmd string, pos []string) (string, error) {
	if len(pos) != 1 || pos[0] == "" {
		return "", usagef("%s needs exactly one PROFILE argument", cmd)
	}
	return pos[0], nil
}

// refuseNested mirrors aws-vault: credentials inside an aws-vault (or vaultbar) subshell
// would silently mix two profiles.
func (a *app) refuseNested() error {
	if p := a.env.Get("AWS_VAULT"); p != "" {
		return vault.WithHint(fmt.Errorf("running inside a subshell for profile %s", p),
			"'exit' from the subshell or unset AWS_VAULT to force")
	}
	return nil
}
