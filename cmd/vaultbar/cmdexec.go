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
	"strings"
	"syscall"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/vault"
)

// exec runs a command with a profile's credentials in its environment, as `aws-vault exec`.
func (c *invocation) exec(ctx context.Context, args []string) error {
	var ecsServer, ec2Server, lazy bool
	req, err := c.parseCredentialArgs("exec", args, 1, func(fs *flag.FlagSet) {
		fs.BoolVar(&ecsServer, "ecs-server", false, "give the command an ECS credentials server instead of keys")
		fs.BoolVar(&ecsServer, "server", false, "short for --ecs-server")
		fs.BoolVar(&ecsServer, "s", false, "short for --ecs-server")
		fs.BoolVar(&ec2Server, "ec2-server", false, "give the command an EC2 metadata server on a loopback port instead of keys")
		fs.BoolVar(&lazy, "lazy", false, "with a server: get the credentials at the command's first request, not before it starts")
		c.registerSSOStdout(fs)
	})
	if err != nil {
		return err
	}
	if ecsServer && ec2Server {
		return usagef("--ec2-server and --ecs-server cannot be used together")
	}
	if (ecsServer || ec2Server) && req.NoSession {
		// As aws-vault: a server hands out expiring credentials, and long-term keys never expire.
		return usagef("--no-session cannot be used with a credentials server (--ecs-server, --ec2-server)")
	}
	if lazy && !ecsServer && !ec2Server {
		return usagef("--lazy needs a credentials server (--ecs-server or --ec2-server)")
	}
	command := req.rest
	if len(command) == 0 {
		command = []string{c.defaultShell()}
	}
	switch {
	case ecsServer:
		return c.execWithServer(ctx, req, command, app.ServerSpec{ECS: true, Lazy: lazy})
	case ec2Server:
		return c.execWithServer(ctx, req, command, app.ServerSpec{EC2Addr: ec2ServerAddr, Lazy: lazy})
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
	vars = append(vars, legacyVars(vars)...)
	c.debugf().Printf("exec: %s gets %s", command[0], varNames(vars))
	return c.runChild(command, childEnv(c.env, req.Profile, vars))
}

// ec2ServerAddr is where exec --ec2-server listens. aws-vault binds 169.254.169.254:80
// through a root proxy (`sudo aws-vault proxy`, which adds a loopback alias); without root
// the nearest thing is a free loopback port, which the child finds through
// AWS_EC2_METADATA_SERVICE_ENDPOINT (read by the AWS CLI, boto3 and the SDKs for Go, Java
// and JavaScript).
const ec2ServerAddr = "127.0.0.1:0"

// execWithServer runs the command with a credentials server of its own (ECS or EC2), which
// refreshes the credentials for as long as the command runs (aws-vault's exec --ecs-server
// and --ec2-server).
func (c *invocation) execWithServer(ctx context.Context, req credentialRequest, command []string, spec app.ServerSpec) error {
	s, err := c.credentialsApp(ctx).StartServers(ctx, req.Request, spec)
	if err != nil {
		return err
	}
	defer s.Stop(ctx)
	vars := append(s.Vars, app.RegionVars(s.Profile.Region)...)
	c.debugf().Printf("exec: %s gets %s", command[0], varNames(vars))
	return c.runChild(command, childEnv(c.env, req.Profile, vars))
}

// legacyVars are the names aws-vault v4 to v6 gave exec's child and scripts of that era
// still read: AWS_SECURITY_TOKEN (boto 2's name for the session token) and
// AWS_SESSION_EXPIRATION (v7 renamed it AWS_CREDENTIAL_EXPIRATION), with the same values and
// format (RFC 3339, UTC, whole seconds). Only exec sets them: env's formats stay
// byte-identical to aws-vault v7's export.
func legacyVars(vars []app.EnvVar) []app.EnvVar {
	var legacy []app.EnvVar
	for _, v := range vars {
		switch v.Name {
		case "AWS_SESSION_TOKEN":
			legacy = append(legacy, app.EnvVar{Name: "AWS_SECURITY_TOKEN", Value: v.Value})
		case "AWS_CREDENTIAL_EXPIRATION":
			legacy = append(legacy, app.EnvVar{Name: "AWS_SESSION_EXPIRATION", Value: v.Value})
		}
	}
	return legacy
}

// varNames lists the variables' names for --debug, never their values.
func varNames(vars []app.EnvVar) string {
	names := make([]string, len(vars))
	for i, v := range vars {
		names[i] = v.Name
	}
	return strings.Join(names, ", ")
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
		"AWS_SDK_LOAD_CONFIG", "AWS_CREDENTIAL_EXPIRATION", "AWS_SESSION_EXPIRATION"} {
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
