package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

const ssoPopulateConfig = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile mine]
sso_session = corp
sso_account_id = 100000000001
sso_role_name = Admin
`

// sso populate signs in once, lists every account and role across the portal's pages, shows
// the sections, and appends exactly the missing ones; a second run adds nothing.
func TestSSOPopulate(t *testing.T) {
	t.Parallel()
	c := newCLI(t, ssoPopulateConfig)
	c.env["AWS_ENDPOINT_URL_SSO_OIDC"] = c.fake.SSOURL
	c.env["AWS_ENDPOINT_URL_SSO"] = c.fake.SSOURL
	c.fake.SSO.PageSize = 2 // 12 accounts: six pages; 3 roles each: two pages
	for i := 1; i <= 12; i++ {
		c.fake.SSO.AddAccount(fmt.Sprintf("1000000000%02d", i), fmt.Sprintf("Team %d", i), "", "Admin", "ReadOnly", "Billing")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	go c.fake.SSO.ApproveNext(ctx, 0) // the user, in the browser

	dry := c.run("", "sso", "populate", "--no-browser", "--dry-run")
	if dry.code != 0 || !strings.Contains(dry.out, "[profile team-12-billing]\nsso_session = corp\nsso_account_id = 100000000012\nsso_role_name = Billing\nregion = eu-west-1\n") {
		t.Fatalf("dry run: exit %d\n%s\n%s", dry.code, dry.out, dry.err)
	}
	if got := strings.Count(dry.out, "[profile "); got != 35 { // 36 roles, one already "mine"
		t.Errorf("dry run shows %d profiles, want 35", got)
	}
	if data, _ := os.ReadFile(c.env["AWS_CONFIG_FILE"]); string(data) != ssoPopulateConfig {
		t.Errorf("--dry-run changed the config:\n%s", data)
	}

	r := c.run("", "sso", "populate", "--no-browser")
	if r.code != 0 || !strings.Contains(r.err, "added 35 profiles") {
		t.Fatalf("populate: exit %d\n%s", r.code, r.err)
	}
	data, _ := os.ReadFile(c.env["AWS_CONFIG_FILE"])
	if !strings.HasPrefix(string(data), ssoPopulateConfig) || strings.Count(string(data), "[profile ") != 36 {
		t.Errorf("config after populate:\n%s", data)
	}
	if n := len(c.fake.SSO.Calls("StartDeviceAuthorization")); n != 1 {
		t.Errorf("%d device sign-ins, want 1 (the token is reused)", n)
	}
	again := c.run("", "sso", "populate", "--no-browser")
	if again.code != 0 || !strings.Contains(again.err, "has a profile for every role") {
		t.Errorf("second populate: exit %d\n%s", again.code, again.err)
	}
	list := c.ok("list")
	if !strings.Contains(list, "team-7-readonly") {
		t.Errorf("list does not show the added profiles:\n%s", list)
	}
}
