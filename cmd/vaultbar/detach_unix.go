//go:build !windows

package main

import (
	"os/exec"
	"syscall"
)

// detach makes the app its own session leader, so closing the terminal or the launcher that
// ran `vaultbar open` does not end it.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }
