package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/term"

	"github.com/vaultbar/vaultbar/vault"
)

// add stores a profile's long-term access keys, as `aws-vault add`.
func (a *app) add(ctx context.Context, args []string) error {
	fs := a.flagSet("add")
	fromEnv := fs.Bool("env", false, "read AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	addConfig := fs.Bool("add-config", true, "add a [profile] section to the config file if missing")
	pos, _, err := parseFlags(fs, args, -1)
	if err != nil {
		return err
	}
	name, err := needProfile("add", pos)
	if err != nil {
		return err
	}
	// Checked before the keys are read and stored: a name that cannot be a config section
	// would leave keys no profile can use.
	if err := vault.CheckProfileName(name); err != nil {
		return err
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	if err := refuseSourced(cfg, a.env, name); err != nil {
		return err
	}
	keys, err := a.readKeys(*fromEnv)
	if err != nil {
		return err
	}
	store, err := a.openStore()
	if err != nil {
		return err
	}
	if err := store.SetCredentials(name, keys); err != nil {
		return fmt.Errorf("store credentials for profile %s: %w", name, err)
	}
	fmt.Fprintf(a.io.out, "Added credentials to profile %q in vault\n", name)
	if n, err := store.RemoveSessions(name); err != nil {
		return err
	} else if n > 0 {
		fmt.Fprintf(a.io.out, "Deleted %d existing sessions.\n", n)
	}
	if *addConfig && !cfg.HasProfile(name) {
		return cfg.AddProfile(name)
	}
	return nil
}

// refuseSourced mirrors aws-vault: a profile with source_profile gets its credentials from
// that profile, so keys stored under its name would silently take over.
func refuseSourced(cfg *vault.ConfigFile, env vault.Env, name string) error {
	if !cfg.HasProfile(name) {
		return nil
	}
	p, err := (&vault.Resolver{File: cfg, Env: env}).Profile(name)
	if err != nil {
		return err
	}
	if p.SourceProfileName != "" {
		return vault.WithHint(fmt.Errorf("profile %s uses source_profile %s, so keys cannot be added to it", name, p.SourceProfileName),
			"add the keys to %s instead", p.SourceProfileName)
	}
	return nil
}

// readKeys gets the keys from the environment, the terminal, or two lines on stdin (scripts).
func (a *app) readKeys(fromEnv bool) (aws.Credentials, error) {
	var id, secret string
	var err error
	switch {
	case fromEnv:
		id, secret = a.env.Get("AWS_ACCESS_KEY_ID"), a.env.Get("AWS_SECRET_ACCESS_KEY")
		if id == "" || secret == "" {
			return aws.Credentials{}, vault.WithHint(fmt.Errorf("--env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), "export both variables first")
		}
	case isTerminal(a.io.in):
		if id, err = readLineFromTTY("Enter Access Key ID: "); err == nil {
			secret, err = readSecretFromTTY("Enter Secret Access Key: ")
		}
	default:
		id, secret, err = readTwoLines(a.io.in)
	}
	if err != nil {
		return aws.Credentials{}, err
	}
	return checkKeys(strings.TrimSpace(id), strings.TrimSpace(secret))
}

// checkKeys refuses values that cannot be AWS keys, without echoing the secret.
func checkKeys(id, secret string) (aws.Credentials, error) {
	if !vault.IsAccessKeyID(id) {
		return aws.Credentials{}, vault.WithHint(fmt.Errorf("access key id %q does not look like an aws access key id", id),
			"it is 20 upper-case letters and digits, starting with AKIA")
	}
	if !vault.IsSecretAccessKey(secret) {
		return aws.Credentials{}, vault.WithHint(fmt.Errorf("secret access key does not look like an aws secret access key"),
			"it is 40 characters of letters, digits, / and +")
	}
	return aws.Credentials{AccessKeyID: id, SecretAccessKey: secret}, nil
}

func readTwoLines(in interface{ Read([]byte) (int, error) }) (string, string, error) {
	sc := bufio.NewScanner(in)
	var lines []string
	for len(lines) < 2 && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) < 2 {
		return "", "", vault.WithHint(fmt.Errorf("expected the access key id and the secret access key on two lines of stdin"),
			"run it in a terminal to be prompted, or use --env")
	}
	return lines[0], lines[1], nil
}

func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// remove deletes a profile's stored keys and, since they came from those keys, its sessions.
func (a *app) remove(ctx context.Context, args []string) error {
	fs := a.flagSet("remove")
	force := fs.Bool("force", false, "do not ask for confirmation")
	fs.BoolVar(force, "f", false, "short for --force")
	sessionsOnly := fs.Bool("sessions-only", false, "remove only the cached sessions")
	fs.BoolVar(sessionsOnly, "s", false, "short for --sessions-only")
	pos, _, err := parseFlags(fs, args, -1)
	if err != nil {
		return err
	}
	name, err := needProfile("remove", pos)
	if err != nil {
		return err
	}
	store, err := a.openStore()
	if err != nil {
		return err
	}
	if !*sessionsOnly {
		if err := a.removeKeys(store, name, *force); err != nil {
			return err
		}
	}
	n, err := store.RemoveSessions(name)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.io.out, "Deleted %d sessions.\n", n)
	return nil
}

func (a *app) removeKeys(store *vault.Store, name string, force bool) error {
	has, err := store.HasCredentials(name)
	if err != nil {
		return err
	}
	if !has {
		return vault.WithHint(fmt.Errorf("profile %s: %w stored", name, vault.ErrNoCredentials), "`vaultbar list` shows which profiles have keys")
	}
	if !force {
		answer, err := readLineFromTTY(fmt.Sprintf("Delete credentials for profile %q? (y|N) ", name))
		if err != nil {
			return vault.WithHint(fmt.Errorf("confirm removal: %w", err), "pass --force to remove without asking")
		}
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			return &exitCode{code: 1}
		}
	}
	if err := store.RemoveCredentials(name); err != nil {
		return fmt.Errorf("remove credentials of profile %s: %w", name, err)
	}
	fmt.Fprintln(a.io.out, "Deleted credentials.")
	return nil
}

// clear deletes cached sessions: a profile's, or all of them and every OIDC token.
func (a *app) clear(ctx context.Context, args []string) error {
	fs := a.flagSet("clear")
	pos, _, err := parseFlags(fs, args, -1)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("clear takes at most one PROFILE")
	}
	store, err := a.openStore()
	if err != nil {
		return err
	}
	var n int
	if len(pos) == 1 {
		n, err = store.RemoveSessions(pos[0])
	} else {
		n, err = store.ClearAll()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(a.io.out, "Cleared %d sessions.\n", n)
	return nil
}
