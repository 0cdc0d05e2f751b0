//go:build unix

package login

import (
	"os/exec"
	"syscall"
)

// detach puts the browser in a new session: no controlling terminal, and no signal sent to
// Vaultbar's process group (Ctrl-C in a terminal running `vaultbar console`) reaches it.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}
