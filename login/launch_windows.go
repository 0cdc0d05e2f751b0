//go:build windows

package login

import (
	"os/exec"
	"syscall"
)

// detachedProcess is DETACHED_PROCESS: the child gets no console, not even ours.
const detachedProcess = 0x00000008

// detach starts the browser in its own process group without a console, so Ctrl+C in the
// terminal running `vaultbar console` does not reach it.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP | detachedProcess}
}
