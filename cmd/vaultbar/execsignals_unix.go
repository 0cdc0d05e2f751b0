//go:build unix

package main

import (
	"os"
	"syscall"
)

// forwardedSignals are the signals exec passes on to its child: whatever a terminal, a shell's
// job control or a user's kill sends. Caught, none of them can end vaultbar before its child
// (Go's default for QUIT, USR1 and USR2 is to exit).
var forwardedSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT,
	syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH, syscall.SIGTSTP, syscall.SIGCONT}

// forwardSignal passes s on to the child. After ^Z (TSTP) vaultbar stops itself as well, so a
// shell sees the whole job stopped; its fg sends CONT, which resumes vaultbar and, forwarded,
// the child.
func forwardSignal(child *os.Process, s os.Signal) {
	_ = child.Signal(s) // it may have exited meanwhile; Wait reports how
	if s == syscall.SIGTSTP {
		_ = syscall.Kill(os.Getpid(), syscall.SIGSTOP)
	}
}
