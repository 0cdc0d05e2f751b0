package main

import (
	"context"
	"fmt"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/vault"
)

// rotate replaces a profile's access key, as `aws-vault rotate [-n] PROFILE`, printing the
// same lines as it goes.
func (c *invocation) rotate(ctx context.Context, args []string) error {
	fs := c.flagSet("rotate")
	noSession := fs.Bool("no-session", false, "use the stored keys, no session or role")
	fs.BoolVar(noSession, "n", false, "short for --no-session")
	pos, _, err := parseFlags(fs, args, -1)
	if err != nil {
		return err
	}
	name, err := needProfile("rotate", pos)
	if err != nil {
		return err
	}
	_, err = c.newApp(app.Options{}).RotateKeys(ctx, name, vault.RotateOptions{
		NoSession: *noSession,
		Say:       func(line string) { fmt.Fprintln(c.io.out, line) },
	})
	return err
}
