package main

import (
	"context"
	"fmt"

	"github.com/vaultbar/vaultbar/app"
)

// sso runs `vaultbar sso populate`: list every account and role the user reaches through IAM
// Identity Center and append a profile for each one the config lacks. The sections are
// printed first (all of them with --dry-run, which writes nothing); existing profiles and the
// rest of the file are never changed.
func (c *invocation) sso(ctx context.Context, args []string) error {
	if len(args) > 0 && isHelpFlag(args[0]) {
		return &helpError{name: "sso"}
	}
	if len(args) == 0 || args[0] != "populate" {
		return usagef("sso needs a subcommand: populate")
	}
	fs := c.flagSet("sso populate")
	session := fs.String("sso-session", "", "the [sso-session NAME] to list the roles of")
	profile := fs.String("profile", "", "list the roles of this SSO profile's sign-in (the legacy form, without [sso-session])")
	dryRun := fs.Bool("dry-run", false, "print the profiles that would be added, write nothing")
	pos, _, err := parseFlags(fs, args[1:], -1)
	if err != nil {
		return err
	}
	if len(pos) > 0 || (*session != "" && *profile != "") {
		return usagef("sso populate takes --sso-session NAME or --profile NAME, not both, and no arguments")
	}
	a := c.newApp(app.Options{})
	s, err := a.SSOSession(app.PopulateRequest{Session: *session, Profile: *profile})
	if err != nil {
		return err
	}
	plan, err := a.PlanPopulate(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprint(c.io.out, app.PreviewSSOPlan(plan))
	switch {
	case len(plan.Add) == 0:
		fmt.Fprintf(c.io.err, "vaultbar: %s has a profile for every role of %s\n", a.ConfigPath(), s.StartURL)
		return nil
	case *dryRun:
		fmt.Fprintf(c.io.err, "vaultbar: would add %d profiles to %s (--dry-run: nothing written)\n", len(plan.Add), a.ConfigPath())
		return nil
	}
	added, err := a.ApplyPopulate(plan)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.io.err, "vaultbar: added %d profiles to %s\n", len(added), a.ConfigPath())
	return nil
}
