//go:build linux

package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/panel"
	"github.com/vaultbar/vaultbar/tray"
)

// alice › Copy env waits on her MFA dialog; its busy line is "Cancel copying ⟳", and a click
// on it closes the dialog, reports no failure, calls no STS and leaves alice idle. The next
// Copy env asks afresh rather than joining the cancelled one.
func TestE2ECancelActionWaitingOnMFA(t *testing.T) {
	a := startApp(t)
	a.click("alice", "Copy env")
	wid := a.dialog()
	a.waitTitle("alice", "to show it busy", func(s string) bool { return s == "alice "+tray.BusyMark })
	a.click("alice", "Cancel copying "+tray.BusyMark)
	panel.Poll(t, appWait, "the MFA dialog to close", func() (bool, string) {
		out, _ := exec.Command(a.xdotool, "search", "--onlyvisible", "--classname", "^zenity$").Output()
		return !slices.Contains(strings.Fields(string(out)), wid), "windows: " + string(out)
	})
	a.waitTitle("alice", "to be idle again", func(s string) bool { return s == "alice · needs MFA" })
	if n := a.item("alice"); n.Children[0].Label != "keys stored" || n.Children[0].Enabled {
		t.Errorf("alice's first line is %+v after the cancel, want the disabled state", n.Children[0])
	}
	if calls := a.w.fake.STS.Calls(); len(calls) != 0 {
		t.Errorf("the cancelled action called STS: %+v", calls)
	}

	a.click("alice", "Copy env")
	a.answer(a.dialog(), "123456", "Return")
	a.waitClipboard("export AWS_ACCESS_KEY_ID=", "export AWS_SESSION_TOKEN=")
	panel.Poll(t, appWait, "the copy to be said", func() (bool, string) { return len(a.notes.All()) > 0, "" })
	if n := a.notes.All(); len(n) != 1 || n[0].Summary != "Copied env for alice" {
		t.Errorf("notifications %q, want only the copy said: a cancel is not a failure", n)
	}
}
