package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/vaultbar/vaultbar/app"
)

// console opens the AWS console for a profile in its own browser profile, or prints the
// sign-in URL with --stdout (as `aws-vault login --stdout`).
func (c *invocation) console(ctx context.Context, args []string) error {
	var r app.ConsoleRequest
	var stdout bool
	req, err := c.parseCredentialArgs("console", args, -1, func(fs *flag.FlagSet) {
		fs.BoolVar(&stdout, "stdout", false, "print the sign-in URL instead of opening a browser")
		fs.BoolVar(&stdout, "s", false, "short for --stdout")
		fs.BoolVar(&r.NoLogout, "no-logout", false, "do not log out of the console first in browsers without isolation")
		fs.StringVar(&r.Service, "service", "", "console service to open, e.g. ec2, s3, iam")
		fs.StringVar(&r.Path, "path", "", "console path or URL to open")
		fs.StringVar(&r.Browser, "browser", "", "browser id, e.g. chrome, firefox, default")
		fs.StringVar(&r.Isolation, "isolation", "", "browser isolation: profile-directory, data-dir, container, granted-container, firefox-profile, none")
	})
	if err != nil {
		return err
	}
	if r.Service != "" && r.Path != "" {
		return usagef("--service and --path cannot be used together")
	}
	r.Request = req.Request
	c.noBrowser = c.noBrowser || stdout
	a := c.credentialsApp(ctx)
	if !stdout {
		return a.OpenConsole(ctx, r)
	}
	url, err := a.ConsoleURL(ctx, r)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(c.io.out, url)
	return err
}
