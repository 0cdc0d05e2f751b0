//go:build linux

package main

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/desktop"
	"github.com/vaultbar/vaultbar/internal/fixture"
	"github.com/vaultbar/vaultbar/internal/panel"
)

// With a generated config of 300 and of 1,000 profiles the top level keeps at most 25
// entries, Quit among them; "Find profile…" lists every profile, typing a name picks it,
// the action chooser's "Copy env" runs for that profile, and it then shows under Recent.
func TestE2EAppFindProfile(t *testing.T) {
	for _, n := range []int{300, 1000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			a := startApp(t)
			var cfg bytes.Buffer
			must(t, fixture.GenerateConfig(n, &cfg))
			f, err := os.OpenFile(a.w.dir+"/config", os.O_APPEND|os.O_WRONLY, 0)
			must(t, err)
			_, err = f.WriteString("\n" + strings.Replace(cfg.String(), "[default]", "[profile generated-default]", 1))
			must(t, err)
			must(t, f.Close())

			// The adapter publishes the grown menu item by item: wait for its first and last.
			var root panel.Node
			panel.Poll(t, appWait, "the grouped menu", func() (bool, string) {
				_, root = panel.Layout(t, a.menu)
				_, find := root.Find("Find profile…")
				_, quit := root.Find("Quit")
				return find && quit, root.Describe()
			})
			shown := 0
			for _, c := range root.Children {
				if !c.Separator && !c.Hidden {
					shown++
				}
			}
			if shown > 25 {
				t.Errorf("top level has %d entries, want at most 25:\n%s", shown, root.Describe())
			}

			a.clickUntil(func(panel.Node) bool { return a.dialogShown() }, "", "Find profile…")
			vars := a.findAndCopyEnv("bob-admin")
			if sess, ok := a.w.fake.STS.Session(vars["AWS_ACCESS_KEY_ID"]); !ok || !strings.Contains(sess.ARN, "assumed-role/admin") {
				t.Errorf("the clipboard holds %v; the fake knows it as %+v (%v), want bob-admin's role", vars, sess, ok)
			}
			a.item("bob-admin", "Copy env") // now under Recent, with its full submenu
		})
	}
}

// dialogShown reports whether a Vaultbar dialog is on screen.
func (a *appRun) dialogShown() bool {
	out, _ := exec.Command(a.xdotool, "search", "--onlyvisible", "--name", "^"+desktop.Title+"$").Output()
	return len(bytes.TrimSpace(out)) > 0
}

// vaultbar://find, the command a global shortcut is bound to, opens Find profile… in the
// running app whatever the size of the config; the profile picked and its action run as from
// the menu.
func TestE2EFindLinkOpensFindProfile(t *testing.T) {
	a := startApp(t)
	opened := a.linkOpener()("vaultbar://find")
	vars := a.findAndCopyEnv("bob")
	must(t, <-opened)
	if sess, ok := a.w.fake.STS.Session(vars["AWS_ACCESS_KEY_ID"]); !ok || !strings.HasSuffix(sess.ARN, ":user/bob") {
		t.Errorf("the clipboard's key %s is %+v, want bob's session", vars["AWS_ACCESS_KEY_ID"], sess)
	}
}

// findAndCopyEnv answers the Find profile… dialog on screen with profile, then the action
// chooser with Copy env, and returns the exports the clipboard then holds.
func (a *appRun) findAndCopyEnv(profile string) map[string]string {
	a.t.Helper()
	wid, text := a.dialogText()
	if !strings.Contains(text, "Find profile") {
		a.t.Fatalf("the dialog asks %q, want Find profile", text)
	}
	a.answer(wid, profile, "Return")
	wid, text = a.dialogText()
	if !strings.Contains(text, "profile "+profile) {
		a.t.Fatalf("the action chooser asks %q, want it to name %s", text, profile)
	}
	a.answer(wid, "Copy env", "Return")
	return exports(a.waitClipboard("export AWS_ACCESS_KEY_ID=", "export AWS_SESSION_TOKEN="))
}
