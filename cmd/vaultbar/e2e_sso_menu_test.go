//go:build linux

package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/panel"
	"github.com/vaultbar/vaultbar/tray"
)

// signInLine waits for the top-level "Signing in to IAM Identity Center: code X ⟳" line and
// returns the code; with gone it waits for the line to disappear instead.
func (a *appRun) signInLine(gone bool) string {
	a.t.Helper()
	const prefix = "Signing in to IAM Identity Center: code "
	var code string
	what := "the sign-in line with its code"
	if gone {
		what = "the sign-in line to go"
	}
	panel.Poll(a.t, appWait, what, func() (bool, string) {
		_, root := panel.Layout(a.t, a.menu)
		code = ""
		for _, c := range root.Children {
			if rest, ok := strings.CutPrefix(c.Label, prefix); ok && !c.Enabled && !c.Hidden {
				code = strings.TrimSuffix(rest, " "+tray.BusyMark)
			}
		}
		return (code == "") == gone, root.Describe() + a.notes.String()
	})
	return code
}

// clickUntilBusy clicks an item of profile's submenu and waits until the profile is busy or
// signing in; see clickUntil.
func (a *appRun) clickUntilBusy(profile string, path ...string) {
	a.t.Helper()
	a.clickUntil(func(root panel.Node) bool {
		n, _ := profileNode(root, profile)
		if len(n.Children) > 0 && strings.HasSuffix(n.Children[0].Label, tray.BusyMark) {
			return true
		}
		for _, c := range root.Children {
			if strings.HasPrefix(c.Label, "Signing in to IAM Identity Center") {
				return true
			}
		}
		return false
	}, profile, path...)
}

// clickUntil clicks an item of profile's submenu and waits until started says the click
// took effect. The click is made once: a click that lands while the app rebuilds the menu
// is kept (desktop's click channels hold one), so a second would be a second action.
func (a *appRun) clickUntil(started func(root panel.Node) bool, profile string, path ...string) {
	a.t.Helper()
	a.click(profile, path...)
	panel.Poll(a.t, 5*time.Second, "the click on "+profile+" › "+strings.Join(path, " › ")+" to start something", func() (bool, string) {
		_, root := panel.Layout(a.t, a.menu)
		return started(root), root.Describe()
	})
}

// In the menu, Copy env of an SSO profile signs in: the browser gets the one-time address,
// the menu shows the code the verification page shows (with Cancel sign-in), and once the
// user approves that code the clipboard holds the role's credentials and the line goes.
func TestE2EAppSSOCopyEnvShowsTheCode(t *testing.T) {
	a := startApp(t)
	a.w.fake.SSO.AddAccount(ssoAccount, "dev", "dev@example.com", "Developer", "Operator", "ReadOnly")
	f, err := os.OpenFile(a.w.dir+"/config", os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteString("\n" + ssoConfig)
	must(t, err)
	must(t, f.Close())

	a.clickUntilBusy("sso-dev", "Copy env")
	code := a.signInLine(false)
	argv := a.browserArgv()
	if len(argv) != 1 || !strings.HasPrefix(argv[0], "http://127.0.0.1:") {
		t.Errorf("the browser got %q, want the one-time loopback address", argv)
	}
	a.item("", "Cancel sign-in")
	pending := a.w.fake.SSO.Pending()
	if len(pending) != 1 || pending[0].UserCode != code {
		t.Fatalf("the menu shows code %q; the fake waits for %+v", code, pending)
	}
	must(t, a.w.fake.SSO.Approve(code)) // the user, on the verification page

	vars := exports(a.waitClipboard("export AWS_ACCESS_KEY_ID=", "export AWS_SESSION_TOKEN="))
	sess, ok := a.w.fake.STS.Session(vars["AWS_ACCESS_KEY_ID"])
	if !ok || !strings.Contains(sess.ARN, "AWSReservedSSO_Developer") {
		t.Errorf("clipboard has %v; the fake knows that key as %+v (found %v), want the SSO role Developer", vars, sess, ok)
	}
	a.signInLine(true)
	if n := len(a.w.fake.SSO.Calls("StartDeviceAuthorization")); n != 1 {
		t.Errorf("%d device authorizations, want 1", n)
	}
}

// sso populate lists every account and role across the portal's pages (through the browser
// sign-in), appends exactly the profiles the config lacks, and the real aws-vault then lists
// them: the config stays one aws-vault reads.
func TestE2ESSOPopulateThenAWSVaultLists(t *testing.T) {
	av := e2e.AWSVault(t)
	s := newSSOWorld(t, keyring.FileBackend)
	s.fake.SSO.PageSize = 1 // every account and every role on a page of its own
	s.fake.SSO.AddAccount("555555555555", "Prod Account", "prod@example.com", "Admin", "ReadOnly")
	s.user()
	out, stderr, err := s.run(s.vaultbar, s.vbEnv, "sso", "populate", "--sso-session", "corp")
	if err != nil {
		t.Fatalf("sso populate: %v\n%s", err, stderr)
	}
	// sso-dev, sso-ops and sso-read exist; the dev account's other roles do not.
	want := []string{"prod-account-admin", "prod-account-readonly"}
	for _, name := range want {
		if !strings.Contains(out, "[profile "+name+"]") {
			t.Errorf("the preview lacks %s:\n%s", name, out)
		}
	}
	if strings.Count(out, "[profile ") != len(want) || !strings.Contains(stderr, "added 2 profiles") {
		t.Errorf("populate added more or less than %q:\n%s\n%s", want, out, stderr)
	}
	list, lerr, err := s.run(av, nil, "list", "--profiles")
	if err != nil {
		t.Fatalf("aws-vault list: %v\n%s", err, lerr)
	}
	for _, name := range append(want, "sso-dev") {
		if !strings.Contains("\n"+list, "\n"+name+"\n") {
			t.Errorf("aws-vault list --profiles lacks %s:\n%s", name, list)
		}
	}
	if n := s.fake.SSO.Count("StartDeviceAuthorization"); n != 1 {
		t.Errorf("device flows = %d, want 1", n)
	}
}
