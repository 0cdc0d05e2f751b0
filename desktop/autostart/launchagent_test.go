package autostart

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// agentPlist is what the test reads of a LaunchAgent.
type agentPlist struct {
	Label                  string
	ProgramArguments       []string
	RunAtLoad              *bool
	LimitLoadToSessionType string
	ProcessType            string
	AbandonProcessGroup    *bool
	KeepAlive              any
}

// parsePlist reads a plist with a real parser, Python's plistlib.
func parsePlist(t *testing.T, data []byte) agentPlist {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(e2e.Tool(t, "python3"), "-c",
		"import json, plistlib, sys; json.dump(plistlib.loads(sys.stdin.buffer.read()), sys.stdout)")
	cmd.Stdin, cmd.Stderr = bytes.NewReader(data), &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("plistlib cannot read the agent: %v\n%s\n%s", err, &stderr, data)
	}
	var p agentPlist
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return p
}

// The agent starts exactly this binary (even with XML's special characters in its path), at
// login, in the graphical session only, unthrottled, once (no KeepAlive: Quit means quit).
func TestLaunchAgentPlist(t *testing.T) {
	t.Parallel()
	exe := `/Users/o'neil & <co>/Applications/Vault"bar/vaultbar`
	p := parsePlist(t, launchAgentPlist(agentLabel, exe))
	if p.Label != "dev.vaultbar.Vaultbar" || !slices.Equal(p.ProgramArguments, []string{exe}) {
		t.Errorf("Label %q, ProgramArguments %q; want dev.vaultbar.Vaultbar, [%q]", p.Label, p.ProgramArguments, exe)
	}
	if p.RunAtLoad == nil || !*p.RunAtLoad || p.AbandonProcessGroup == nil || !*p.AbandonProcessGroup {
		t.Errorf("RunAtLoad %v, AbandonProcessGroup %v; want both true", p.RunAtLoad, p.AbandonProcessGroup)
	}
	if p.LimitLoadToSessionType != "Aqua" || p.ProcessType != "Interactive" || p.KeepAlive != nil {
		t.Errorf("LimitLoadToSessionType %q, ProcessType %q, KeepAlive %v; want Aqua, Interactive, none",
			p.LimitLoadToSessionType, p.ProcessType, p.KeepAlive)
	}
}

// On writes ~/Library/LaunchAgents/dev.vaultbar.Vaultbar.plist; off removes exactly that file.
func TestLaunchAgentOnOff(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	l, err := newLaunchAgent(Options{Executable: "/Applications/vaultbar", Home: home})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	path := filepath.Join(home, "Library", "LaunchAgents", "dev.vaultbar.Vaultbar.plist")
	if st, err := l.Status(ctx); err != nil || st.On || st.Where != path {
		t.Fatalf("fresh: Status = %+v, %v; want off at %s", st, err, path)
	}
	if err := l.Enable(ctx); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if p := parsePlist(t, data); !slices.Equal(p.ProgramArguments, []string{"/Applications/vaultbar"}) {
		t.Errorf("agent runs %q", p.ProgramArguments)
	}
	if st, err := l.Status(ctx); err != nil || !st.On {
		t.Errorf("after Enable: Status = %+v, %v; want on", st, err)
	}
	other := filepath.Join(home, "Library", "LaunchAgents", "com.example.other.plist")
	mustWrite(t, other, "x", 0o644)
	if err := l.Disable(ctx); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, filepath.Dir(path)); !slices.Equal(names, []string{"com.example.other.plist"}) {
		t.Errorf("after Disable LaunchAgents holds %q, want only the other agent", names)
	}
	if st, err := l.Status(ctx); err != nil || st.On {
		t.Errorf("after Disable: Status = %+v, %v; want off", st, err)
	}
}

// SMAppService registers a bundle: only a binary in X.app/Contents/MacOS has one.
func TestAppBundle(t *testing.T) {
	t.Parallel()
	for exe, want := range map[string]string{
		"/Applications/Vaultbar.app/Contents/MacOS/vaultbar":     "/Applications/Vaultbar.app",
		"/Users/me/Apps/My Vault.app/Contents/MacOS/vaultbar":    "/Users/me/Apps/My Vault.app",
		"/opt/homebrew/bin/vaultbar":                             "",
		"/Applications/Vaultbar/Contents/MacOS/vaultbar":         "",
		"/Applications/Vaultbar.app/Contents/Resources/vaultbar": "",
	} {
		if got := appBundle(exe); got != want {
			t.Errorf("appBundle(%q) = %q, want %q", exe, got, want)
		}
	}
}
