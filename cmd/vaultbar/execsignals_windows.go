package main

import (
	"os"
	"syscall"
)

// forwardedSignals are caught so that vaultbar waits for its child; the console delivers
// Ctrl+C and Ctrl+Break to the child itself.
var forwardedSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// forwardSignal tries to pass s on; Windows processes take only Kill, which exec never sends.
func forwardSignal(child *os.Process, s os.Signal) {
	_ = child.Signal(s)
}
