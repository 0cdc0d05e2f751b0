package app

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/vault"
)

// ErrNoHandler: no application opened the file (the opener is missing or gave up).
var ErrNoHandler = errors.New("no application opened the file")

// NoHandlerError is ErrNoHandler for one file, so the menu can name it.
type NoHandlerError struct{ Path, Opener string }

func (e *NoHandlerError) Error() string {
	return fmt.Sprintf("%v: %s (%s did not open it)", ErrNoHandler, e.Path, e.Opener)
}
func (e *NoHandlerError) Unwrap() error { return ErrNoHandler }

// openerWait is how long Open config file watches the opener for a failure. xdg-open fails
// within a fraction of a second when no application handles text files; one still running
// after this is running the editor (xdg-open's generic fallback waits for it).
const openerWait = 2 * time.Second

// openConfigFile opens the config file in the desktop's application for text files. When
// none opens it (the opener is missing, or exits with an error, as xdg-open does when no
// application handles text files) it puts the path on the clipboard and says so, rather than
// doing nothing.
func (a *App) openConfigFile(ctx context.Context) error {
	if a.fx.Launch == nil {
		return ErrUnavailable
	}
	path := a.ConfigPath()
	argv := []string{"xdg-open", path}
	switch runtime.GOOS {
	case "darwin":
		argv = []string{"open", "-t", path}
	case "windows":
		argv = []string{"notepad.exe", path}
	}
	name := argv[0]
	exe, err := a.LookPath(name)
	if err != nil {
		return a.noHandler(path, name, err)
	}
	argv[0] = exe
	watchCtx, exited := login.WithExitWatch(ctx)
	if err := a.fx.Launch(watchCtx, argv, a.Environ()); err != nil {
		return a.noHandler(path, name, err)
	}
	wait := time.NewTimer(openerWait)
	defer wait.Stop()
	select {
	case err := <-exited:
		return a.noHandler(path, name, err)
	case <-wait.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// noHandler copies path to the clipboard and explains why it is there.
func (a *App) noHandler(path, opener string, cause error) error {
	where := "open it in a text editor"
	if a.fx.Copy != nil && a.fx.Copy(path) == nil {
		where = "its path is on the clipboard: open it in a text editor"
	}
	a.fx.Debug.Printf("open config file: %s: %v", opener, cause)
	return vault.WithHint(&NoHandlerError{Path: path, Opener: opener}, "%s", where)
}
