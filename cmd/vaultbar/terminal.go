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
	return promptTTY(prompt, func(in, out *os.File) (string, error) {
		b, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(out) // the user's Return was not echoed
		return string(b), err
	})
}

// readLineFromTTY prompts on the controlling terminal with echo on.
func readLineFromTTY(prompt string) (string, error) {
	return promptTTY(prompt, func(in, _ *os.File) (string, error) {
		line, err := bufio.NewReader(in).ReadString('\n')
		return strings.TrimRight(line, "\r\n"), err
	})
}

// promptTTY shows prompt on the terminal and reads the answer with read.
func promptTTY(prompt string, read func(in, out *os.File) (string, error)) (string, error) {
	in, out, err := openTTY()
	if err != nil {
		return "", err
	}
	defer in.Close()
	defer out.Close()
	fmt.Fprint(out, prompt)
	answer, err := read(in, out)
	if err != nil {
		return "", fmt.Errorf("read from terminal: %w", err)
	}
	return answer, nil
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
