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
	for _, want := range []string{"profile evil", "AccessKeyId", "(hint: the credential_process of profile evil"} {
		if !strings.Contains(n.Body, want) {
			t.Errorf("notification %q: %q; want it to say %q", n.Summary, n.Body, want)
		}
	}
	if strings.Contains(n.Summary+n.Body, "PWNED") {
		t.Errorf("notification shows the value: %q %q", n.Summary, n.Body)
	}
	if clip := a.clipboard(); strings.Contains(clip, "PWNED") {
		t.Errorf("the clipboard holds the hostile value: %q", clip)
	}
}
