package main

import (
	"log"

	"github.com/vaultbar/vaultbar/vault"
)

// debugf is --debug's logger: time-stamped lines on stderr, as aws-vault's --debug writes
// them, so stdout (a credentials document, a sign-in URL) stays what scripts read. Nil
// without --debug. What reaches it is never a secret (see vault.Logf).
func (c *invocation) debugf() vault.Logf {
	if !c.debug {
		return nil
	}
	l := log.New(c.io.err, "", log.LstdFlags|log.Lmicroseconds)
	return func(format string, args ...any) { l.Printf(format, args...) }
}
