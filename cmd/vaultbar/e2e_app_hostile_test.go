//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/panel"
)

// evil › Copy env with a credential_process that prints shell code as its AccessKeyId puts
// nothing on the clipboard and says which profile and field, without the value.
func TestE2EAppCopyEnvRefusesHostileCredentials(t *testing.T) {
	a := startApp(t)
	doc := filepath.Join(a.w.dir, "evil.json")
	must(t, os.WriteFile(doc, []byte(processDocument(hostileKeyID, validProcSecret, validProcToken, time.Now().Add(time.Hour))), 0o600))
	f, err := os.OpenFile(filepath.Join(a.w.dir, "config"), os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteString("\n[profile evil]\ncredential_process = cat '" + doc + "'\n")
	must(t, err)
	must(t, f.Close())

	a.clickUntil(func(panel.Node) bool { return len(a.notes.All()) > 0 }, "evil", "Copy env")
	n := a.notes.First(t, appWait)
	if n.Summary != "Couldn't copy env for evil" || !strings.Contains(n.Body, "Open config file") {
		t.Errorf("notification %q: %q; want the profile named and the config file as the next step", n.Summary, n.Body)
	}
	log := a.logText("the credential_process of profile evil")
	for _, want := range []string{"profile evil", "AccessKeyId", "(hint: the credential_process of profile evil"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log %q does not say %q", log, want)
		}
	}
	if strings.Contains(n.Summary+n.Body+log, "PWNED") {
		t.Errorf("notification or log shows the value: %q %q %q", n.Summary, n.Body, log)
	}
	if clip := a.clipboard(); strings.Contains(clip, "PWNED") {
		t.Errorf("the clipboard holds the hostile value: %q", clip)
	}
}
