package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/vault"
)

// exec runs a command with a profile's credentials in its environment, as `aws-vault exec`.
func (c *invocation) exec(ctx context.Context, args []string) error {
	var withServer bool
	req, err := c.parseCredentialArgs("exec", args, 1, func(fs *flag.FlagSet) {
		fs.BoolVar(&withServer, "ecs-server", false, "give the command an ECS credentials server instead of keys")
		fs.BoolVar(&withServer, "server", false, "short for --ecs-server")
		fs.BoolVar(&withServer, "s", false, "short for --ecs-server")
	})
	if err != nil {
		return err
	}
	command := req.rest
	if len(command) == 0 {
		command = []string{c.defaultShell()}
	}
	if withServer {
		return c.execWithServer(ctx, req, command)
	}
	a := c.credentialsApp(ctx)
	creds, p, err := a.Credentials(ctx, req.Request)
	if err != nil {
		return err
	}
	vars, err := app.CredentialVars(p.Name, creds, p.Region)
	if err != nil {
		return err
	}
	return c.runChild(command, childEnv(c.env, req.Profile, vars))
}

// execWithServer runs the command with an ECS credentials server of its own, which refreshes
// the credentials for as long as the command runs (aws-vault's exec --ecs-server).
func (c *invocation) execWithServer(ctx context.Context, req credentialRequest, command []string) error {
	s, err := c.credentialsApp(ctx).StartServers(ctx, req.Request, app.ServerSpec{ECS: true})
	if err != nil {
		return err
	}
	defer s.Stop(ctx)
	return c.runChild(command, childEnv(c.env, req.Profile, append(s.Vars, app.RegionVars(s.Profile.Region)...)))
}

// childEnv is aws-vault's child environment: inherited, minus variables that would select
// other credentials, plus AWS_VAULT and vars (credentials or a server's address, and the region).
func childEnv(env vault.Env, profile string, vars []app.EnvVar) []string {
	child := make(vault.Env, len(env)+8)
	for k, v := range env {
		child[k] = v
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_FILE", "AWS_DEFAULT_PROFILE", "AWS_PROFILE",
		"AWS_SDK_LOAD_CONFIG", "AWS_CREDENTIAL_EXPIRATION"} {
		delete(child, k)
	}
	child["AWS_VAULT"] = profile
	for _, v := range vars {
		child[v.Name] = v.Value
	}
	return app.EnvironList(child)
}

func (c *invocation) defaultShell() string {
	if runtime.GOOS == "windows" {
		return "cmd.exe"
	}
	if sh := c.env.Get("SHELL"); sh != "" {
		return sh
	}
	return "/bin/sh"
}

// runChild runs the command, forwards signals to it (forwardedSignals), returns only after it
// has exited and passes its exit status through. The credentials reach it only through its
// environment, never its argv.
func (c *invocation) runChild(command []string, env []string) error {
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.io.in, c.io.out, c.io.err
	sigs := make(chan os.Signal, len(forwardedSignals))
	signal.Notify(sigs, forwardedSignals...)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		return vault.WithHint(fmt.Errorf("run %s: %w", command[0], err), "check the command name and PATH")
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case s := <-sigs:
				forwardSignal(cmd.Process, s)
			case <-done:
				return
			}
		}
	}()
	err := cmd.Wait()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return &exitCode{code: childExitCode(exitErr)}
	}
	return err
}

// childExitCode is the child's status, or 128+signal, as shells report a killed command.
func childExitCode(e *exec.ExitError) int {
	if ws, ok := e.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return e.ExitCode()
}
