package login

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/vaultbar/vaultbar/vault"
)

// BrowserEnv is environ without any AWS_* variable. A browser outlives the request that
// started it and runs arbitrary web content with helper processes; it must never inherit the
// credentials, profile selection or aws-vault passphrases that Vaultbar itself may have been
// started with. The comparison ignores case, as Windows variable names do.
func BrowserEnv(environ []string) []string {
	out := make([]string, 0, len(environ))
	for _, kv := range environ {
		if len(kv) >= 4 && strings.EqualFold(kv[:4], "AWS_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// Launch starts argv (from Argv) as a detached process: its own session (Unix) or process
// group without a console (Windows), stdin, stdout and stderr on the null device, and the
// environment env minus AWS_* (BrowserEnv). It returns once the process has started; a
// goroutine reaps it when it exits, so it never lingers as a zombie, and cancelling ctx later
// does not stop the browser. argv is never put in an error: it may carry a URL. The default
// browser's opener goes through github.com/pkg/browser when the process environment allows
// it (defaultbrowser.go); pid is then 0. Under a ctx from WithExitWatch, the browser's stderr
// goes to a private file and an error exit is reported.
func Launch(ctx context.Context, argv []string, env []string) (pid int, err error) {
	if len(argv) == 0 {
		return 0, errors.New("no browser command to run")
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if openDefault(runtime.GOOS, argv, env) { // pkg/browser: see defaultbrowser.go
		return 0, nil
	}
	exe, err := exec.LookPath(argv[0])
	if err != nil {
		return 0, notInstalled(argv[0], err)
	}
	cmd := exec.Command(exe, argv[1:]...) // not CommandContext: the browser outlives ctx
	cmd.Env = BrowserEnv(env)             // never nil: a nil Env would mean "inherit ours"
	detach(cmd)                           // Stdin/Stdout/Stderr stay nil: the null device
	watch := exitWatch(ctx)
	var stderr *os.File
	if watch != nil {
		if stderr, err = stderrFile(); err != nil {
			return 0, fmt.Errorf("start browser %s: %w", argv[0], err)
		}
		cmd.Stderr = stderr
	}
	if err := cmd.Start(); err != nil {
		if stderr != nil {
			stderr.Close()
			_ = os.Remove(stderr.Name())
		}
		if errors.Is(err, fs.ErrNotExist) {
			return 0, notInstalled(argv[0], err)
		}
		return 0, fmt.Errorf("start browser %s: %w", argv[0], err)
	}
	if stderr == nil {
		go func() { _ = cmd.Wait() }()
		return cmd.Process.Pid, nil
	}
	if runtime.GOOS != "windows" { // an open file cannot be removed there; watchExit does
		_ = os.Remove(stderr.Name())
	}
	go watchExit(cmd.Wait, stderr, argv[0], argv, watch)
	return cmd.Process.Pid, nil
}

func notInstalled(name string, err error) error {
	return vault.WithHint(fmt.Errorf("%w: %s: %w", ErrBrowserNotInstalled, name, err),
		"install it, or choose another browser in the Browser menu")
}
