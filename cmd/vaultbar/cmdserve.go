package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/server"
	"github.com/vaultbar/vaultbar/vault"
)

// shutdownGrace bounds how long open requests may finish when a server stops.
const shutdownGrace = 5 * time.Second

// optionalAddr is a flag usable bare (--ecs: a random loopback port) or with a value (--ecs=ADDR).
type optionalAddr struct {
	set  bool
	addr string
}

func (o *optionalAddr) String() string   { return o.addr }
func (o *optionalAddr) IsBoolFlag() bool { return true }
func (o *optionalAddr) Set(v string) error {
	o.set = true
	if v != "true" {
		o.addr = v
	}
	return nil
}

// serveFlags are serve's own flags.
type serveFlags struct {
	ecs        optionalAddr
	ec2        string
	imdsv2Only bool
}

// serveHelp is `vaultbar serve --help`. It says who can read the EC2 server, because
// nothing in IMDS itself does.
const serveHelp = `usage: vaultbar serve PROFILE [--ecs[=ADDR]] [--ec2=ADDR] [--imdsv2-only]

Serves auto-refreshing credentials of PROFILE in the foreground until interrupted, and prints
the lines that point clients at the servers.

  --ecs[=ADDR]    ECS container credentials (the default) on a random loopback port, or ADDR;
                  every request must carry the printed AWS_CONTAINER_AUTHORIZATION_TOKEN
  --ec2=ADDR      EC2 instance metadata (IMDSv2 and IMDSv1) on a loopback ADDR,
                  e.g. 127.0.0.1:9099 or 169.254.169.254:80
  --imdsv2-only   refuse IMDSv1 requests (those without a session token)

The EC2 server serves any local user: IMDS has no secret a client must know, so every process
of every user on this machine that can reach ADDR gets the credentials. On a shared machine,
use the ECS server, whose token only the processes you give it to know.
`

// serve runs credential servers for a profile in the foreground, as `aws-vault exec --server`
// does for a child, but for anything that can reach a URL: SDKs, IDEs, containers.
func (a *app) serve(ctx context.Context, args []string) error {
	var f serveFlags
	req, err := a.parseCredentialArgs("serve", args, -1, func(fs *flag.FlagSet) {
		fs.Var(&f.ecs, "ecs", "serve ECS container credentials (on ADDR with --ecs=ADDR)")
		fs.StringVar(&f.ec2, "ec2", "", "serve EC2 instance metadata on ADDR, e.g. 127.0.0.1:9099 (any local user can read it)")
		fs.BoolVar(&f.imdsv2Only, "imdsv2-only", false, "refuse IMDSv1 requests (no session token)")
	})
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(a.io.out, serveHelp)
		return nil
	}
	if err != nil {
		return err
	}
	if !f.ecs.set && f.ec2 == "" {
		f.ecs.set = true
	}
	src, p, v, err := a.credentialSource(ctx, req)
	if err != nil {
		return err
	}
	var servers []*server.Server
	defer func() { stopServers(servers) }()
	if f.ecs.set {
		srv, env, err := startECS(src, f.ecs.addr, roleFunc(v, p))
		if err != nil {
			return err
		}
		servers = append(servers, srv)
		a.printExports(env)
	}
	if f.ec2 != "" {
		srv, err := startEC2(src, f.ec2, f.imdsv2Only, p.Region)
		if err != nil {
			return err
		}
		servers = append(servers, srv)
		a.printExports([]envVar{{"AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.URL() + "/"}})
	}
	return waitServers(ctx, servers)
}

// credentialSource primes a server source with the profile's credentials: any MFA prompt
// happens now, on the terminal, not inside the first client's request.
func (a *app) credentialSource(ctx context.Context, req credentialRequest) (*server.Source, *vault.Profile, *vault.Vault, error) {
	store, p, err := a.openProfile(req.profile, req.flags)
	if err != nil {
		return nil, nil, nil, err
	}
	v := a.newVault(store)
	opts := vault.CredentialOptions{NoSession: req.flags.noSession}
	src := server.NewSource(func(ctx context.Context) (aws.Credentials, error) {
		return v.Credentials(ctx, p, opts)
	}, server.SourceOptions{RefreshBefore: vault.MinTTLFromEnv(a.env)})
	if err := src.Prime(ctx); err != nil {
		return nil, nil, nil, err
	}
	return src, p, v, nil
}

// roleFunc serves the ECS server's /role-arn/<ARN> route with p's credentials.
func roleFunc(v *vault.Vault, p *vault.Profile) func(context.Context, string) (aws.Credentials, error) {
	return func(ctx context.Context, arn string) (aws.Credentials, error) { return v.AssumeRoleARN(ctx, p, arn) }
}

func startECS(src *server.Source, addr string, roles func(context.Context, string) (aws.Credentials, error)) (*server.Server, []envVar, error) {
	ln, err := server.Listen(addr)
	if err != nil {
		return nil, nil, err
	}
	h, err := server.NewECS(src, server.ECSOptions{Roles: roles})
	if err != nil {
		ln.Close()
		return nil, nil, err
	}
	srv := server.Serve(ln, h)
	return srv, []envVar{
		{"AWS_CONTAINER_CREDENTIALS_FULL_URI", srv.URL()},
		{"AWS_CONTAINER_AUTHORIZATION_TOKEN", h.Token()},
	}, nil
}

func startEC2(src *server.Source, addr string, v2only bool, region string) (*server.Server, error) {
	ln, err := server.Listen(addr)
	if err != nil {
		return nil, err
	}
	return server.Serve(ln, server.NewEC2(src, server.EC2Options{IMDSv2Only: v2only, Region: region})), nil
}

// printExports prints shell lines that point a client at the servers.
func (a *app) printExports(vars []envVar) {
	fmt.Fprint(a.io.out, exportLines(vars))
}

// waitServers serves until the command is interrupted or a server fails.
func waitServers(ctx context.Context, servers []*server.Server) error {
	failed := make(chan error, len(servers))
	for _, s := range servers {
		go func() {
			if err, ok := <-s.Err(); ok && err != nil {
				failed <- err
			}
		}()
	}
	select {
	case <-ctx.Done():
		return nil
	case err := <-failed:
		return fmt.Errorf("credential server stopped: %w", err)
	}
}

func stopServers(servers []*server.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	var errs []error
	for _, s := range servers {
		errs = append(errs, s.Shutdown(ctx))
	}
	_ = errors.Join(errs...) // the process is exiting; nothing left to report to
}
