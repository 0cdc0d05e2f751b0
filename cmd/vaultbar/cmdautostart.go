package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/desktop/autostart"
	"github.com/vaultbar/vaultbar/vault"
)

// autostartCmd turns start at login on or off, or says whether it is on. stdout gets exactly
// "on" or "off", what the system will do at the next login, so scripts can test it; stderr
// names the file or registry value that decides it, for the user to look at.
func (c *invocation) autostartCmd(ctx context.Context, args []string) error {
	pos, _, err := parseFlags(flag.NewFlagSet("autostart", flag.ContinueOnError), args, -1)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "on" && pos[0] != "off" && pos[0] != "status") {
		return usagef("autostart needs one of on, off or status")
	}
	m, err := c.loginStart()
	if err != nil {
		return err
	}
	switch pos[0] {
	case "on":
		err = m.Enable(ctx)
	case "off":
		err = m.Disable(ctx)
	}
	if err != nil {
		return err
	}
	st, err := m.Status(ctx)
	if err != nil {
		return err
	}
	if pos[0] != "status" && st.On != (pos[0] == "on") {
		return vault.WithHint(fmt.Errorf("start at login is still %s (%s)", onOff(st.On), st.Where), "%s", st.Note)
	}
	fmt.Fprintln(c.io.out, onOff(st.On))
	fmt.Fprintln(c.io.err, "vaultbar: start at login: "+st.Where)
	if st.Note != "" {
		fmt.Fprintln(c.io.err, "vaultbar: "+st.Note)
	}
	return nil
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// loginStart is this OS's start-at-login mechanism for this binary.
func (c *invocation) loginStart() (autostart.Mechanism, error) {
	exe, err := executable()
	if err != nil {
		return nil, err
	}
	m, err := autostart.New(autostart.Options{Executable: exe, Home: c.env.Get("HOME"), Getenv: c.env.Get})
	if err != nil {
		return nil, err
	}
	return lastingBinary{m, exe}, nil
}

// lastingBinary refuses to start at login a binary that will be gone by then: `go run` (and
// so `make run`) links it as …/go-buildNNN/bNNN/exe/vaultbar and removes it when it exits.
type lastingBinary struct {
	autostart.Mechanism
	exe string
}

func (l lastingBinary) Enable(ctx context.Context) error {
	if strings.Contains(filepath.ToSlash(l.exe), "/go-build") && filepath.Base(filepath.Dir(l.exe)) == "exe" {
		return vault.WithHint(fmt.Errorf("%s is a go run build that will be gone at the next login", l.exe),
			"build vaultbar (make build, or install the .deb) and turn start at login on from that binary")
	}
	return l.Mechanism.Enable(ctx)
}

// executable is this binary's absolute path, symlinks resolved: a login or a link should
// start the binary itself, not a symlink a package manager may move.
func executable() (string, error) {
	exe, err := os.Executable()
	if err == nil {
		exe, err = filepath.EvalSymlinks(exe)
	}
	if err != nil {
		return "", vault.WithHint(fmt.Errorf("cannot find the vaultbar binary: %w", err), "run vaultbar by its full path")
	}
	return exe, nil
}

// loginEffects are the menu's "Start at login" effects over m.
func loginEffects(m autostart.Mechanism) (status func(context.Context) (app.LoginStart, error), set func(context.Context, bool) error) {
	status = func(ctx context.Context) (app.LoginStart, error) {
		st, err := m.Status(ctx)
		return app.LoginStart{On: st.On, Where: st.Where, Note: st.Note}, err
	}
	set = func(ctx context.Context, on bool) error {
		if on {
			return m.Enable(ctx)
		}
		return m.Disable(ctx)
	}
	return status, set
}
