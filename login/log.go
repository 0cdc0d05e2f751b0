package login

import (
	"io"
	"log"
)

// discardLog silences net/http's server error log: its lines (TLS handshakes, malformed
// requests from other local processes) are noise, and this package logs nothing.
var discardLog = log.New(io.Discard, "", 0)
