package vault

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// RunArgv runs a program with its arguments, without a shell, and returns its stdout. The
// arguments never hold a secret: they are visible to every user of the machine.
type RunArgv func(ctx context.Context, argv []string) ([]byte, error)

// ArgvRunner is the RunArgv that executes programs with env (nil: this process's), found
// on env's PATH; their stderr goes to stderr (nil discards it): ykman prints "Touch your
// YubiKey" there.
func ArgvRunner(stderr io.Writer, env Env) RunArgv {
	return func(ctx context.Context, argv []string) ([]byte, error) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		prog, err := lookPath(env, argv[0])
		if err != nil {
			return nil, err
		}
		cmd := exec.CommandContext(ctx, prog, argv[1:]...)
		if env != nil {
			cmd.Env = env.Environ()
		}
		stdout := &cappedBuffer{max: maxProcessOutput, full: cancel}
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			return nil, err
		}
		return stdout.buf.Bytes(), nil
	}
}

// lookPath finds name on env's PATH, which is this process's unless env is from elsewhere
// (the running app serving a command line, a test).
func lookPath(env Env, name string) (string, error) {
	path, ok := env.Lookup("PATH")
	if !ok || strings.ContainsRune(name, filepath.Separator) || runtime.GOOS == "windows" {
		return exec.LookPath(name)
	}
	for _, dir := range filepath.SplitList(path) {
		if !filepath.IsAbs(dir) {
			continue // as exec.LookPath's ErrDot: never run a program from the current directory
		}
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", &exec.Error{Name: name, Err: exec.ErrNotFound}
}

// kdialogPrompt is aws-vault's kdialog driver: `kdialog --inputbox TEXT --title TITLE`.
// kdialog exits 1 when the user cancels.
func kdialogPrompt(run RunArgv) PromptMFA {
	return func(ctx context.Context, req MFARequest) (string, error) {
		out, err := run(ctx, []string{"kdialog", "--inputbox", mfaPromptText(req), "--title", "Vaultbar"})
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit) && exit.ExitCode() == 1:
			return "", ErrMFACancelled
		case err != nil:
			return "", programError("kdialog", err, "install kdialog (KDE) or choose another --prompt",
				"check that kdialog can open a window here (DISPLAY)")
		}
		return strings.TrimSpace(string(out)), nil
	}
}

// ykmanPrompt is aws-vault's ykman driver: the YubiKey's OATH code for the account named
// YKMAN_OATH_CREDENTIAL_NAME, else the MFA serial, from the key YKMAN_OATH_DEVICE_SERIAL
// names (else the only one plugged in). AWS_VAULT_YKMAN_VERSION 1, 2 or 3 uses the
// `oath code` spelling of ykman before version 4.
func ykmanPrompt(run RunArgv, env Env) PromptMFA {
	return func(ctx context.Context, req MFARequest) (string, error) {
		out, err := run(ctx, ykmanArgv(env, req.Serial))
		if err != nil {
			return "", programError("ykman", err, "install yubikey manager (ykman) or choose another --prompt",
				fmt.Sprintf("plug in the YubiKey and check that `ykman oath accounts list` shows %s (or set YKMAN_OATH_CREDENTIAL_NAME)",
					ykmanAccount(env, req.Serial)))
		}
		code := strings.TrimSpace(string(out))
		if !isOTP(code) {
			// Not repeated: it may be a code.
			return "", WithHint(fmt.Errorf("ykman printed no 6-digit code for %s", ykmanAccount(env, req.Serial)),
				"add the account with 6 digits: `ykman oath accounts add --digits 6 ...`")
		}
		return code, nil
	}
}

func ykmanAccount(env Env, serial string) string {
	if name := env.Get("YKMAN_OATH_CREDENTIAL_NAME"); name != "" {
		return name
	}
	return serial
}

// ykmanArgv is exactly aws-vault v7.2.0's command line.
func ykmanArgv(env Env, serial string) []string {
	argv := []string{"ykman"}
	if dev := env.Get("YKMAN_OATH_DEVICE_SERIAL"); dev != "" {
		argv = append(argv, "--device", dev)
	}
	switch env.Get("AWS_VAULT_YKMAN_VERSION") {
	case "1", "2", "3":
		argv = append(argv, "oath", "code", "--single")
	default:
		argv = append(argv, "oath", "accounts", "code", "--single")
	}
	return append(argv, ykmanAccount(env, serial))
}

// programError explains a driver program that failed: not installed, or exited non-zero.
func programError(name string, err error, installHint, failHint string) error {
	if errors.Is(err, exec.ErrNotFound) {
		return WithHint(fmt.Errorf("prompt %s: %s is not installed (not on PATH)", name, name), "%s", installHint)
	}
	return WithHint(fmt.Errorf("prompt %s: %w", name, err), "%s", failHint)
}
