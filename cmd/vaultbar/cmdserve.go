package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/vaultbar/vaultbar/app"
)

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
func (c *invocation) serve(ctx context.Context, args []string) error {
	var f serveFlags
	req, err := c.parseCredentialArgs("serve", args, -1, func(fs *flag.FlagSet) {
		fs.Var(&f.ecs, "ecs", "serve ECS container credentials (on ADDR with --ecs=ADDR)")
		fs.StringVar(&f.ec2, "ec2", "", "serve EC2 instance metadata on ADDR, e.g. 127.0.0.1:9099 (any local user can read it)")
		fs.BoolVar(&f.imdsv2Only, "imdsv2-only", false, "refuse IMDSv1 requests (no session token)")
	})
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.io.out, serveHelp)
		return nil
	}
	if err != nil {
		return err
	}
	if !f.ecs.set && f.ec2 == "" {
		f.ecs.set = true
	}
	spec := app.ServerSpec{ECS: f.ecs.set, ECSAddr: f.ecs.addr, EC2Addr: f.ec2, IMDSv2Only: f.imdsv2Only}
	s, err := c.credentialsApp(ctx).StartServers(ctx, req.Request, spec)
	if err != nil {
		return err
	}
	defer s.Stop(context.WithoutCancel(ctx))
	fmt.Fprint(c.io.err, noProxyLines(c.env, s.Vars))
	fmt.Fprint(c.io.out, app.ExportLines(s.Vars))
	return s.Wait(ctx)
}
