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
	"runtime"
	"slices"
	"strings"
	"syscall"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/vault"
)

// version is stamped by the Makefile (-ldflags "-X main.version=...").
var version = "dev"

const usage = `usage: vaultbar [COMMAND] [FLAGS]

  vaultbar                                   run the menu-bar app
  vaultbar list [--format=table|json|alfred | --profiles | --credentials | --sessions]
  vaultbar add PROFILE [--env]
  vaultbar remove PROFILE [--force] [--sessions-only]
  vaultbar clear [PROFILE]
  vaultbar rotate PROFILE [--no-session]
  vaultbar env PROFILE [--format=export|env|fish|powershell|dotenv|json] [--mfa-token=CODE]
                       [--no-session] [--duration=D] [--region=R]
  vaultbar exec PROFILE [--ecs-server | --ec2-server [--lazy]] [FLAGS] [--] [CMD [ARGS...]]
  vaultbar console PROFILE [--stdout] [--region=R] [--service=S | --path=P] [--browser=B]
                           [--isolation=I] [--mfa-token=CODE] [--duration=D] [--no-logout]
  vaultbar serve PROFILE [--ecs[=ADDR]] [--ec2=ADDR] [--imdsv2-only]
  vaultbar open [URL]                        act on a vaultbar:// URL in the running app (starts it)
  vaultbar URL                               the same as vaultbar open URL
  vaultbar autostart on|off|status           start the menu-bar app at login (prints on or off)
  vaultbar sso populate [--sso-session NAME | --profile NAME] [--dry-run]
  vaultbar version
  vaultbar help [COMMAND]                    the usage, or a command's own with its flags (COMMAND --help)

Global flags: --debug (what vaultbar does, on stderr, without secrets),
--no-app (never through the running app),
--prompt=terminal|zenity|kdialog|osascript|ykman|wincredui (the MFA prompt), --backend,
--keychain, --secret-service-collection, --file-dir, --pass-dir, --pass-cmd, --pass-prefix
(and their AWS_VAULT_* variables, as in aws-vault), before or after the command.
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
	return (&invocation{env: env, io: io}).run(ctx, args)
}

// run is run for an invocation already set up (tests set limits).
func (c *invocation) run(ctx context.Context, args []string) int {
	io := c.io
	err := c.dispatch(ctx, args)
	var exit *exitCode
	var uerr *usageError
	var help *helpError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.code
	case errors.As(err, &help):
		if err := writeCommandHelp(io.out, help); err != nil {
			return 1
		}
		return 0
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
	return "vaultbar: " + app.UserText(err)
}

// exitCode passes a child's exit status through (exec).
type exitCode struct{ code int }

func (e *exitCode) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func (c *invocation) dispatch(ctx context.Context, args []string) error {
	args, err := c.leadingFlags(args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return c.runTray(ctx)
	}
	// fyne.io/systray's init locks the main goroutine to the main thread, which the menu bar
	// needs on macOS. A command does not, and locked, every wake-up of main must go to that
	// one thread rather than any idle one.
	runtime.UnlockOSThread()
	cmd, rest := args[0], args[1:]
	if isLink(cmd) { // the desktop file's `Exec=vaultbar %u` and Windows' `"vaultbar.exe" "%1"`
		return c.open(ctx, args)
	}
	switch cmd {
	case "list", "ls":
		return c.list(ctx, rest)
	case "add":
		return c.add(ctx, rest)
	case "remove", "rm":
		return c.remove(ctx, rest)
	case "clear":
		return c.clear(ctx, rest)
	case "rotate":
		return c.rotate(ctx, rest)
	case "env", "export":
		return c.envCmd(ctx, rest)
	case "exec":
		return c.exec(ctx, rest)
	case "console", "login":
		return c.console(ctx, rest)
	case "serve", "server":
		return c.serve(ctx, rest)
	case "open":
		return c.open(ctx, rest)
	case "sso":
		return c.sso(ctx, rest)
	case "autostart":
		return c.autostartCmd(ctx, rest)
	case "version", "--version":
		if slices.ContainsFunc(rest, isHelpFlag) {
			return &helpError{name: "version"}
		}
		fmt.Fprintln(c.io.out, "vaultbar", version)
		return nil
	case "help":
		if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") { // `vaultbar help exec` is `vaultbar exec --help`
			return c.dispatch(ctx, []string{rest[0], "--help"})
		}
		return flag.ErrHelp
	case "-h", "--help":
		return flag.ErrHelp
	}
	return usagef("unknown command %q", cmd)
}

// leadingFlags parses global flags written before the command, as aws-vault's global flags
// may be (`vaultbar --prompt=ykman login prod`), and returns the arguments from the command on.
func (c *invocation) leadingFlags(args []string) ([]string, error) {
	if len(args) == 0 || !strings.HasPrefix(args[0], "-") || slices.Contains([]string{"-h", "-help", "--help", "--version"}, args[0]) {
		return args, nil
	}
	fs := c.flagSet("vaultbar")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usagef("%v", err)
	}
	if len(fs.Args()) == 0 && c.prompt != "" { // the app: a name it cannot use is reported as it starts
		if _, err := vault.SelectPrompt(c.prompt, vault.PromptDeps{}); errors.Is(err, vault.ErrUnknownPrompt) {
			return nil, usagef("--prompt (%s): %v", envPrompt, err)
		}
	}
	return fs.Args(), nil
}

// isLink reports whether arg is a vaultbar:// URL (the scheme is case-insensitive), which
// launchers pass as the only argument. No command name contains "://", so none is shadowed.
func isLink(arg string) bool {
	scheme, _, ok := strings.Cut(arg, "://")
	return ok && strings.EqualFold(scheme, "vaultbar")
}
