//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/vaultbar/vaultbar/control"
	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/panel"
)

// linkEnv is the environment of a launcher on this desktop: the app's, with vaultbar
// registered as the x-scheme-handler/vaultbar handler in the app's own XDG directories.
func (a *appRun) linkEnv() []string {
	return append(append([]string{}, a.cmd.Env...), e2e.URLHandler(a.t, a.w.vaultbar, e2e.URLHandlerOptions{
		ConfigHome: filepath.Join(a.w.dir, "xdg-config"), DataHome: filepath.Join(a.w.dir, "xdg-data")})...)
}

// linkOpener runs xdg-open as a launcher would, with vaultbar registered as the
// x-scheme-handler/vaultbar handler in the app's own XDG directories.
func (a *appRun) linkOpener() func(url string) <-chan error {
	xdgOpen := e2e.Tool(a.t, "xdg-open")
	env := a.linkEnv()
	return func(url string) <-chan error {
		cmd := exec.Command(xdgOpen, url)
		cmd.Env, cmd.Dir = env, a.w.dir
		return runAsync(cmd)
	}
}

// runAsync runs cmd and reports its failure, with its output, on the channel.
func runAsync(cmd *exec.Cmd) <-chan error {
	done := make(chan error, 1)
	go func() {
		out, err := cmd.CombinedOutput()
		if err != nil {
			err = fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, out)
		}
		done <- err
	}()
	return done
}

// A console link opened with xdg-open reaches the running app and starts the browser with
// the one-time loopback address, without asking; a copy-env link asks first, naming the
// action and the profile: Cancel leaves the clipboard alone, OK copies the exports.
func TestE2ELinksReachTheRunningApp(t *testing.T) {
	a := startApp(t)
	open := a.linkOpener()

	must(t, <-open("vaultbar://console/bob-admin"))
	a.browserArgv()

	before := a.clipboard()
	cancelled := open("vaultbar://copy-env/bob")
	wid, text := a.dialogText()
	if !strings.Contains(text, "copy the credentials of profile bob") {
		t.Errorf("the confirmation says %q, want the action and the profile named", text)
	}
	a.answer(wid, "", "Escape")
	<-cancelled // vaultbar open reports the refusal; the clipboard is what matters
	if got := a.clipboard(); got != before {
		t.Errorf("after Cancel the clipboard holds %q, want it untouched (%q)", got, before)
	}
	if n := a.notes.All(); len(n) != 0 {
		t.Errorf("a declined link notified %q, want nothing", n)
	}

	allowed := open("vaultbar://copy-env/bob?format=export")
	a.answer(a.dialog(), "", "Return")
	must(t, <-allowed)
	vars := exports(a.waitClipboard("export AWS_ACCESS_KEY_ID=", "export AWS_SESSION_TOKEN="))
	if sess, ok := a.w.fake.STS.Session(vars["AWS_ACCESS_KEY_ID"]); !ok || !strings.HasSuffix(sess.ARN, ":user/bob") {
		t.Errorf("the clipboard's key %s is %+v, want bob's session", vars["AWS_ACCESS_KEY_ID"], sess)
	}

	if err := <-open("vaultbar://console/nobody-here"); err == nil {
		t.Errorf("a link to an unknown profile succeeded")
	}
	panel.Poll(t, appWait, "a notification naming the unknown profile", func() (bool, string) {
		return strings.Contains(a.notes.String(), "nobody-here"), a.notes.String()
	})
}

// With no app running, `vaultbar open URL` (through xdg-open) starts the app detached and
// the link still runs.
func TestE2ELinkStartsTheApp(t *testing.T) {
	a := startApp(t)
	open := a.linkOpener()
	a.stopNow()
	must(t, <-open("vaultbar://console/bob-admin"))
	dir := filepath.Join(a.w.dir, "xdg-runtime", "vaultbar")
	client, err := control.Dial(context.Background(), dir)
	must(t, err)
	var info struct{ PID int }
	must(t, client.Call(context.Background(), "ping", nil, &info))
	t.Cleanup(func() { // the detached app is not our child: end it and wait until it is gone
		_ = syscall.Kill(info.PID, syscall.SIGTERM)
		panel.Poll(t, appWait, "the started app to exit", func() (bool, string) {
			err := syscall.Kill(info.PID, 0)
			return errors.Is(err, syscall.ESRCH), fmt.Sprint(err)
		})
	})
	panel.Poll(t, appWait, "the browser command to run", func() (bool, string) {
		b, err := os.ReadFile(a.argv)
		return err == nil && strings.HasPrefix(string(b), "http://127.0.0.1:"), fmt.Sprint(err)
	})
}

// Each Raycast script command, run with a profile as Raycast runs it, makes the app do its
// action. Raycast is macOS-only and the scripts run `open URL`; here `open` is xdg-open, the
// same hand-off to the registered handler.
func TestE2ERaycastScriptsReachTheApp(t *testing.T) {
	a := startApp(t)
	env := a.linkEnv()
	bin := t.TempDir()
	must(t, os.WriteFile(filepath.Join(bin, "open"), []byte("#!/bin/sh\nexec "+e2e.Tool(t, "xdg-open")+" \"$@\"\n"), 0o755))
	for i, e := range env {
		if strings.HasPrefix(e, "PATH=") {
			env[i] = "PATH=" + bin + ":" + strings.TrimPrefix(e, "PATH=")
		}
	}
	script := func(name string) <-chan error {
		cmd := exec.Command("/bin/bash", e2e.RepoPath(t, "packaging/raycast/"+name), "bob-admin")
		cmd.Env, cmd.Dir = env, a.w.dir
		return runAsync(cmd)
	}

	must(t, <-script("vaultbar-console.sh"))
	panel.Poll(t, appWait, "the browser command to run", func() (bool, string) {
		b, err := os.ReadFile(a.argv)
		return err == nil && strings.HasPrefix(string(b), "http://127.0.0.1:"), fmt.Sprint(err, a.notes.String())
	})
	for _, tc := range []struct{ script, want string }{
		{"vaultbar-copy-env.sh", "export AWS_SESSION_TOKEN="},
		{"vaultbar-copy-console-url.sh", a.w.fake.SigninURL + "/"},
		{"vaultbar-serve.sh", "export AWS_CONTAINER_AUTHORIZATION_TOKEN="},
	} {
		done := script(tc.script)
		a.answer(a.dialog(), "", "Return") // each hands out a secret, so each asks first
		must(t, <-done)
		a.waitClipboard(tc.want)
	}
}

// An app that was killed leaves its socket file behind; the next start replaces it, and then
// survives what any process of the user could send: garbage and a 10 MB message get an error
// reply, and the app still answers.
func TestE2EAppStartsOverAStaleSocketAndSurvivesGarbage(t *testing.T) {
	a := startApp(t)
	a.stopped = true
	must(t, a.cmd.Process.Kill())
	<-a.exited
	dir := filepath.Join(a.w.dir, "xdg-runtime", "vaultbar")
	if _, err := os.Lstat(filepath.Join(dir, control.SocketName)); err != nil {
		t.Fatalf("the killed app left no socket file to test with: %v", err)
	}
	second := exec.Command(a.w.vaultbar)
	second.Env, second.Dir = a.cmd.Env, a.w.dir
	var stderr syncBuffer
	second.Stderr = &stderr
	must(t, second.Start())
	t.Cleanup(func() { _ = second.Process.Signal(syscall.SIGTERM); _ = second.Wait() })
	ping := func() error {
		c, err := control.Dial(context.Background(), dir)
		if err == nil {
			err = c.Call(context.Background(), "ping", nil, nil)
		}
		return err
	}
	panel.Poll(t, appWait, "the second app to answer on the socket", func() (bool, string) {
		err := ping()
		return err == nil, fmt.Sprint(err, stderr.String())
	})

	for name, msg := range map[string][]byte{
		"garbage": []byte("\x00\xffnot json\n"),
		"10 MB":   append(bytes.Repeat([]byte("a"), 10<<20), '\n'),
	} {
		conn, err := net.Dial("unix", filepath.Join(dir, control.SocketName))
		must(t, err)
		go func() { _, _ = conn.Write(msg) }() // the app stops reading early; the write may fail
		reply, _ := io.ReadAll(io.LimitReader(conn, 4096))
		conn.Close()
		if !strings.Contains(string(reply), `"ok":false`) {
			t.Errorf("%s: the app replied %q, want an error reply", name, reply)
		}
		if err := ping(); err != nil {
			t.Errorf("after %s the app no longer answers: %v", name, err)
		}
	}
}
