package main

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// tmuxPane drives one command in a real terminal (a tmux pane on a private server).
type tmuxPane struct {
	t      *testing.T
	tmux   string
	socket string
}

func (p *tmuxPane) run(args ...string) string {
	p.t.Helper()
	out, err := exec.Command(p.tmux, append([]string{"-S", p.socket}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

// waitFor polls until check passes on the pane's contents, within a deadline.
func (p *tmuxPane) waitFor(what string, check func(screen string) bool) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		screen := p.run("capture-pane", "-p", "-t", "t")
		if check(screen) {
			return screen
		}
		select {
		case <-ctx.Done():
			p.t.Fatalf("waiting for %s; the terminal shows:\n%s", what, screen)
		case <-tick.C:
		}
	}
}

// echoOff reports whether the pane's terminal has echo disabled right now.
func (p *tmuxPane) echoOff() bool {
	tty := strings.TrimSpace(p.run("display-message", "-p", "-t", "t", "#{pane_tty}"))
	out, err := exec.Command("stty", "-F", tty, "-a").Output()
	return err == nil && strings.Contains(" "+string(out)+" ", " -echo ")
}

// `vaultbar add` in a terminal asks for the key id, then the secret with echo off: the
// secret never appears on the screen, and the keys are stored.
func TestE2EAddPromptsWithEchoOff(t *testing.T) {
	w := newWorld(t, keyring.FileBackend)
	p := &tmuxPane{t: t, tmux: e2e.Tool(t, "tmux"), socket: w.dir + "/tmux.sock"}
	cmd := "env -i " + strings.Join(w.env, " ") + " " + w.vaultbar + " add tty; echo exit=$?"
	p.run("new-session", "-d", "-s", "t", "-x", "120", "-y", "20", cmd)
	p.run("set-option", "-t", "t", "remain-on-exit", "on")
	t.Cleanup(func() { _ = exec.Command(p.tmux, "-S", p.socket, "kill-server").Run() })

	p.waitFor("the key id prompt", func(s string) bool { return strings.Contains(s, "Enter Access Key ID:") })
	p.run("send-keys", "-t", "t", aliceKeyID, "Enter")
	p.waitFor("the secret prompt with echo off", func(s string) bool {
		return strings.Contains(s, "Enter Secret Access Key:") && p.echoOff()
	})
	p.run("send-keys", "-t", "t", aliceSecret, "Enter")
	screen := p.waitFor("the command to finish", func(s string) bool { return strings.Contains(s, "exit=") })
	if !strings.Contains(screen, "exit=0") || !strings.Contains(screen, `Added credentials to profile "tty" in vault`) {
		t.Errorf("terminal shows:\n%s", screen)
	}
	if strings.Contains(screen, aliceSecret) {
		t.Errorf("the secret was echoed:\n%s", screen)
	}
	if got := processKeyID(t, w.vb("env", "tty", "--no-session", "--format=json")); got != aliceKeyID {
		t.Errorf("stored key id = %s, want %s", got, aliceKeyID)
	}
}
