package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"time"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/control"
	"github.com/vaultbar/vaultbar/vault"
)

// readyFDVar names the file descriptor on which an app started by `vaultbar open` says it
// listens; the starter waits on it rather than polling the socket.
const readyFDVar = "VAULTBAR_READY_FD"

// startTimeout bounds how long `vaultbar open` waits for the app it started.
const startTimeout = 30 * time.Second

// open gives a vaultbar:// URL to the running app, starting the app first (detached) when
// none runs. Without a URL it only makes sure the app runs (the desktop file's Exec).
func (c *invocation) open(ctx context.Context, args []string) error {
	pos, _, err := parseFlags(c.flagSet("open"), args, -1)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("open takes at most one URL")
	}
	dir, err := c.newApp(app.Options{}).RuntimeDir()
	if err != nil {
		return err
	}
	client, err := control.Dial(ctx, dir)
	if errors.Is(err, control.ErrNotRunning) {
		if err = c.startApp(ctx); err == nil {
			client, err = control.Dial(ctx, dir)
		}
	}
	if err != nil || len(pos) == 0 {
		return err
	}
	return remoteError(client.Call(ctx, app.OpOpen, app.OpenRequest{URL: pos[0]}, nil))
}

// startApp starts the menu-bar app detached from this process and waits until it listens
// (or has exited: another start may have won).
func (c *invocation) startApp(ctx context.Context) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("start vaultbar: %w", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("start vaultbar: %w", err)
	}
	defer r.Close()
	cmd := exec.Command(exe)
	cmd.Env = app.EnvironList(c.env)
	if runtime.GOOS != "windows" { // no inherited descriptors there: the pipe closes when the app exits
		cmd.Env = append(cmd.Env, readyFDVar+"=3")
		cmd.ExtraFiles = []*os.File{w}
	}
	detach(cmd)
	err = cmd.Start()
	w.Close()
	if err != nil {
		return vault.WithHint(fmt.Errorf("start vaultbar: %w", err), "run vaultbar on its own to see why")
	}
	go func() { _ = cmd.Wait() }() // reaps it if it exits early
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	ready := make(chan struct{})
	go func() { _, _ = bufio.NewReader(r).ReadString('\n'); close(ready) }()
	select {
	case <-ready: // it listens, or it exited
		return nil
	case <-ctx.Done():
		return vault.WithHint(fmt.Errorf("vaultbar did not start within %s", startTimeout), "run vaultbar on its own to see why")
	}
}

// signalReady tells the `vaultbar open` that started this app that the socket listens.
func (c *invocation) signalReady() {
	if c.env.Get(readyFDVar) != "3" {
		return
	}
	f := os.NewFile(3, "ready")
	if f == nil {
		return
	}
	_, _ = f.WriteString("ready\n")
	f.Close()
}

// remoteError turns an error reply of the app into an error with its hint.
func remoteError(err error) error {
	var re *control.RemoteError
	if errors.As(err, &re) && re.Hint != "" {
		return vault.WithHint(errors.New(re.Message), "%s", re.Hint)
	}
	return err
}
