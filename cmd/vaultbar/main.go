// Command vaultbar is aws-vault in the menu bar: with no arguments it runs the menu-bar app;
// its subcommands manage the same keyring as the aws-vault CLI.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/vaultbar/vaultbar/vault"
)

// version is stamped by the Makefile (-ldflags "-X main.version=...").
var version = "dev"

const usage = `usage: vaultbar [COMMAND] [FLAGS]

  vaultbar                                   run the menu-bar app
  vaultbar list [--format=table|json|alfred]
  vaultbar add PROFILE [--env]
  vaultbar remove PROFILE [--force] [--sessions-only]
  vaultbar clear [PROFILE]
  vaultbar env PROFILE [--format=export|env|fish|powershell|dotenv|json] [--mfa-token=CODE]
                       [--no-session] [--duration=D] [--region=R]
  vaultbar exec PROFILE [--ecs-server] [FLAGS] -- CMD [ARGS...]
  vaultbar console PROFILE [--stdout] [--region=R] [--service=S | --path=P] [--browser=B]
                           [--isolation=I] [--mfa-token=CODE] [--duration=D] [--no-logout]
  vaultbar serve PROFILE [--ecs[=ADDR]] [--ec2=ADDR] [--imdsv2-only]
  vaultbar version

Global flags: --backend, --keychain, --secret-service-collection, --file-dir, --pass-dir,
--pass-cmd, --pass-prefix (and their AWS_VAULT_* variables, as in aws-vault).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, vault.EnvFrom(os.Environ()))
	stop()
	os.Exit(code)
}

type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// run executes one command line and returns the exit code: 0 ok, 1 failure, 2 usage.
func run(ctx context.Context, args []string, io stdio, env vault.Env) int {
	return (&app{env: env, io: io}).run(ctx, args)
}

// run is run for an app already set up (tests set limits).
func (a *app) run(ctx context.Context, args []string) int {
	io := a.io
	err := a.dispatch(ctx, args)
	var exit *exitCode
	var uerr *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.code
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(io.out, usage)
		return 0
	case errors.As(err, &uerr):
		fmt.Fprintf(io.err, "vaultbar: %s\n%s", uerr.msg, usage)
		return 2
	}
	fmt.Fprintln(io.err, errorLine(err))
	return 1
}

// errorLine is the one line a failure prints: the error and, when there is one, its hint.
func errorLine(err error) string {
	return "vaultbar: " + userText(err)
}

// userText is err as the user reads it in the menu and in notifications: the error, then its
// hint.
func userText(err error) string {
	if h := vault.Hint(err); h != "" {
		return fmt.Sprintf("%v (hint: %s)", err, h)
	}
	return err.Error()
}

// exitCode passes a child's exit status through (exec).
type exitCode struct{ code int }

func (e *exitCode) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func (a *app) dispatch(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return a.runTray(ctx)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "list", "ls":
		return a.list(ctx, rest)
	case "add":
		return a.add(ctx, rest)
	case "remove", "rm":
		return a.remove(ctx, rest)
	case "clear":
		return a.clear(ctx, rest)
	case "env", "export":
		return a.envCmd(ctx, rest)
	case "exec":
		return a.exec(ctx, rest)
	case "console", "login":
		return a.console(ctx, rest)
	case "serve", "server":
		return a.serve(ctx, rest)
	case "version", "--version":
		fmt.Fprintln(a.io.out, "vaultbar", version)
		return nil
	case "help", "-h", "--help":
		return flag.ErrHelp
	}
	return usagef("unknown command %q", cmd)
}
