package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"golang.org/x/term"

	"github.com/vaultbar/vaultbar/vault"
)

// errNoTTY: a prompt was needed but there is no terminal to show it on.
var errNoTTY = errors.New("no terminal to prompt on")

// readSecretFromTTY prompts on the controlling terminal with echo off, as aws-vault does, so
// a secret never passes through stdin, argv or the environment.
func readSecretFromTTY(prompt string) (string, error) {
	in, out, err := openTTY()
	if err != nil {
		return "", err
	}
	defer in.Close()
	defer out.Close()
	fmt.Fprint(out, prompt)
	b, err := term.ReadPassword(int(in.Fd()))
	fmt.Fprintln(out)
	if err != nil {
		return "", fmt.Errorf("read from terminal: %w", err)
	}
	return string(b), nil
}

// readLineFromTTY prompts on the controlling terminal with echo on.
func readLineFromTTY(prompt string) (string, error) {
	in, out, err := openTTY()
	if err != nil {
		return "", err
	}
	defer in.Close()
	defer out.Close()
	fmt.Fprint(out, prompt)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("read from terminal: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// openTTY opens the controlling terminal (the console on Windows), whatever stdin is.
func openTTY() (in, out *os.File, err error) {
	inName, outName := "/dev/tty", "/dev/tty"
	if runtime.GOOS == "windows" {
		inName, outName = "CONIN$", "CONOUT$"
	}
	if in, err = os.OpenFile(inName, os.O_RDWR, 0); err != nil {
		return nil, nil, errNoTTY
	}
	if out, err = os.OpenFile(outName, os.O_RDWR, 0); err != nil {
		in.Close()
		return nil, nil, errNoTTY
	}
	return in, out, nil
}

// promptMFAOnTTY is the CLI's MFA prompt; with no terminal it fails with a hint.
func promptMFAOnTTY(ctx context.Context, req vault.MFARequest) (string, error) {
	code, err := readLineFromTTY(fmt.Sprintf("Enter MFA code for %s: ", req.Serial))
	if errors.Is(err, errNoTTY) {
		return "", vault.WithHint(fmt.Errorf("profile %s needs an mfa code and there is no terminal", req.Profile),
			"pass --mfa-token=CODE or set mfa_process in the profile")
	}
	return code, err
}
