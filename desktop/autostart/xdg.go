package autostart

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/vaultbar/vaultbar/vault"
)

// xdg is the XDG autostart entry (Desktop Application Autostart Specification 0.5): a session
// runs every *.desktop file of $XDG_CONFIG_HOME/autostart and $XDG_CONFIG_DIRS/*/autostart,
// the first directory holding a name deciding for that name.
type xdg struct {
	exe    string
	user   string   // $XDG_CONFIG_HOME/autostart/vaultbar.desktop, the file Enable writes
	system []string // the same name in $XDG_CONFIG_DIRS, highest precedence first
}

func newXDG(o Options) (*xdg, error) {
	cfg := o.Getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(cfg) { // the spec says to ignore a relative value
		if err := needHome(o); err != nil {
			return nil, err
		}
		cfg = filepath.Join(o.Home, ".config")
	}
	x := &xdg{exe: o.Executable, user: filepath.Join(cfg, "autostart", entryName)}
	dirs := o.Getenv("XDG_CONFIG_DIRS")
	if dirs == "" {
		dirs = "/etc/xdg"
	}
	for _, d := range filepath.SplitList(dirs) {
		if filepath.IsAbs(d) {
			x.system = append(x.system, filepath.Join(d, "autostart", entryName))
		}
	}
	return x, nil
}

// Status reports what a session would do: the first of the user's and the system's entries
// decides, and it runs unless it is Hidden or its TryExec binary is missing.
func (x *xdg) Status(context.Context) (Status, error) {
	st := Status{Where: x.user}
	e, path, err := x.effective()
	if err != nil || path == "" {
		return st, err
	}
	switch {
	case e.hidden:
		if path != x.user {
			st.Note = "hidden by " + path
		}
	case !tryExecFound(e.tryExec):
		st.Note = "not run: " + path + " starts " + e.tryExec + ", which is missing"
	default:
		st.On = true
		if path != x.user {
			st.Note = "started by the system-wide " + path
		} else if !e.ours {
			st.Note = path + " was not written by vaultbar"
		}
	}
	return st, nil
}

// Enable writes the user's entry, unless a session already runs one (a system-wide entry, or
// the user's own file, which it leaves alone).
func (x *xdg) Enable(ctx context.Context) error {
	cur, exists, err := readEntry(x.user)
	if err != nil {
		return err
	}
	if exists && !cur.ours {
		if !cur.hidden {
			return nil // the user's own entry; Status says so
		}
		return vault.WithHint(fmt.Errorf("%s turns start at login off and was not written by vaultbar", x.user),
			"delete it, then turn start at login on again")
	}
	if !exists {
		if st, err := x.Status(ctx); err != nil || st.On {
			return err
		}
	}
	want, err := desktopEntry(x.exe)
	if err != nil {
		return err
	}
	return writeIfChanged(x.user, want)
}

// Disable removes the entry Enable wrote and, when a system-wide entry would still start
// Vaultbar, masks it with a Hidden entry of its own.
func (x *xdg) Disable(ctx context.Context) error {
	cur, exists, err := readEntry(x.user)
	if err != nil {
		return err
	}
	if exists && !cur.ours {
		if cur.hidden {
			return nil
		}
		return vault.WithHint(fmt.Errorf("%s starts vaultbar at login and was not written by vaultbar, so it is left alone", x.user),
			"delete it, or add the line Hidden=true to it")
	}
	if exists {
		if err := removeFile(x.user); err != nil {
			return err
		}
	}
	st, err := x.Status(ctx)
	if err != nil || !st.On {
		return err
	}
	return writeIfChanged(x.user, maskEntry())
}

// effective is the entry that decides, and its path; "" when there is none.
func (x *xdg) effective() (entry, string, error) {
	for _, path := range append([]string{x.user}, x.system...) {
		e, ok, err := readEntry(path)
		if err != nil || ok {
			return e, path, err
		}
	}
	return entry{}, "", nil
}

// readEntry reads and parses path; ok is false when it does not exist.
func readEntry(path string) (e entry, ok bool, err error) {
	data, err := readCapped(path)
	if errors.Is(err, fs.ErrNotExist) {
		return entry{}, false, nil
	}
	if err == nil {
		e, err = parseEntry(data)
	}
	if err != nil {
		return entry{}, false, vault.WithHint(fmt.Errorf("read autostart entry %s: %w", path, err), "fix or delete the file")
	}
	return e, true, nil
}

// tryExecFound reports whether a TryExec binary exists ("" always does): an absolute path is
// checked as it is, a bare name on PATH, as the spec says.
func tryExecFound(name string) bool {
	if name == "" {
		return true
	}
	if filepath.IsAbs(name) {
		fi, err := os.Stat(name)
		return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
	}
	_, err := exec.LookPath(name)
	return err == nil
}
