package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sort"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/vault"
)

// exec runs a command with a profile's credentials in its environment, as `aws-vault exec`.
func (a *app) exec(ctx context.Context, args []string) error {
	req, err := a.parseCredentialArgs("exec", args, 1, nil)
	if err != nil {
		return err
	}
	creds, p, err := a.credentials(ctx, req.profile, req.flags)
	if err != nil {
		return err
	}
	command := req.rest
	if len(command) == 0 {
		command = []string{a.defaultShell()}
	}
	return a.runChild(command, childEnv(a.env, req.profile, p.Region, creds))
}

// childEnv is aws-vault's child environment: inherited, minus variables that would select
// other credentials, plus AWS_VAULT, the region and the credentials.
func childEnv(env vault.Env, profile, region string, c aws.Credentials) []string {
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
	for _, v := range credentialVars(c, region) {
		child[v.name] = v.value
	}
	return environList(child)
}

// environList turns an Env into os/exec's KEY=value list, sorted for reproducibility.
func environList(env vault.Env) []string {
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, k+"="+env[k])
	}
	return out
}

func (a *app) defaultShell() string {
	if runtime.GOOS == "windows" {
		return "cmd.exe"
	}
	if sh := a.env.Get("SHELL"); sh != "" {
		return sh
	}
	return "/bin/sh"
}

// runChild runs the command, forwards termination signals to it and passes its exit status
// through. The credentials reach it only through its environment, never its argv.
func (a *app) runChild(command []string, env []string) error {
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = a.io.in, a.io.out, a.io.err
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
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
				_ = cmd.Process.Signal(s)
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
