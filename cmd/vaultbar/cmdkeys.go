package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/term"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/vault"
)

// add stores a profile's long-term access keys, as `aws-vault add`.
func (c *invocation) add(_ context.Context, args []string) error {
	fs := c.flagSet("add")
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
	a := c.newApp(app.Options{})
	// Checked before the keys are read: a name that cannot be a config section, or a
	// profile that takes its credentials from another, would leave keys nothing uses.
	if err := a.CheckNewProfile(name); err != nil {
		return err
	}
	keys, err := c.readKeys(*fromEnv)
	if err != nil {
		return err
	}
	n, err := a.AddCredentials(name, keys, app.AddOptions{NoConfig: !*addConfig})
	if n > 0 || err == nil {
		fmt.Fprintf(c.io.out, "Added credentials to profile %q in vault\n", name)
	}
	if n > 0 {
		fmt.Fprintf(c.io.out, "Deleted %d existing sessions.\n", n)
	}
	return err
}

// readKeys gets the keys from the environment, the terminal, or two lines on stdin (scripts).
func (c *invocation) readKeys(fromEnv bool) (aws.Credentials, error) {
	var id, secret string
	var err error
	switch {
	case fromEnv:
		id, secret = c.env.Get("AWS_ACCESS_KEY_ID"), c.env.Get("AWS_SECRET_ACCESS_KEY")
		if id == "" || secret == "" {
			return aws.Credentials{}, vault.WithHint(fmt.Errorf("--env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), "export both variables first")
		}
	case isTerminal(c.io.in):
		if id, err = readLineFromTTY("Enter Access Key ID: "); err == nil {
			secret, err = readSecretFromTTY("Enter Secret Access Key: ")
		}
	default:
		id, secret, err = readTwoLines(c.io.in)
	}
	if err != nil {
		return aws.Credentials{}, err
	}
	return app.CheckKeys(id, secret)
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
func (c *invocation) remove(_ context.Context, args []string) error {
	fs := c.flagSet("remove")
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
	a := c.newApp(app.Options{})
	if *sessionsOnly {
		n, err := a.ClearSessions(name)
		return c.printCleared("Deleted %d sessions.\n", n, err)
	}
	if !*force {
		answer, err := readLineFromTTY(fmt.Sprintf("Delete credentials for profile %q? (y|N) ", name))
		if err != nil {
			return vault.WithHint(fmt.Errorf("confirm removal: %w", err), "pass --force to remove without asking")
		}
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			return &exitCode{code: 1}
		}
	}
	n, err := a.RemoveCredentials(name)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.io.out, "Deleted credentials.")
	fmt.Fprintf(c.io.out, "Deleted %d sessions.\n", n)
	return nil
}

// clear deletes cached sessions: a profile's, or all of them and every OIDC token.
func (c *invocation) clear(_ context.Context, args []string) error {
	fs := c.flagSet("clear")
	pos, _, err := parseFlags(fs, args, -1)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("clear takes at most one PROFILE")
	}
	a := c.newApp(app.Options{})
	var n int
	if len(pos) == 1 {
		n, err = a.ClearSessions(pos[0])
	} else {
		n, err = a.ClearAll()
	}
	return c.printCleared("Cleared %d sessions.\n", n, err)
}

// printCleared prints how many sessions a removal deleted, or returns its error.
func (c *invocation) printCleared(format string, n int, err error) error {
	if err != nil {
		return err
	}
	fmt.Fprintf(c.io.out, format, n)
	return nil
}
