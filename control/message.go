package control

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
)

// Version is the protocol version every message carries as "v".
const Version = 1

// SocketName is the socket's file name in the directory given to Listen and Dial.
const SocketName = "control.sock"

// MaxMessage is the default limit of a request and the limit of a reply, in bytes.
const MaxMessage = 1 << 20

// Codes of the error replies the server sends itself.
const (
	CodeForbidden  = "forbidden"   // the peer is another user
	CodeBusy       = "busy"        // MaxConns connections are being served
	CodeBadRequest = "bad_request" // not JSON, no op, or no newline before the end
	CodeTooLarge   = "too_large"   // the request is larger than MaxRequest
	CodeTimeout    = "timeout"     // no complete request within ReadTimeout
	CodeVersion    = "version"     // another protocol version
	CodeUnknownOp  = "unknown_op"  // see UnknownOp
	CodeInternal   = "internal"    // the handler panicked, or its result is not encodable
	CodeStopping   = "stopping"    // the app stopped before the request was handled
	CodeFailed     = "failed"      // the handler's error, when it chose no code
)

type request struct {
	V    int             `json:"v"`
	Op   string          `json:"op"`
	Body json.RawMessage `json:"body,omitempty"`
}

type reply struct {
	V     int             `json:"v"`
	OK    bool            `json:"ok"`
	Body  json.RawMessage `json:"body,omitempty"`
	Error *RemoteError    `json:"error,omitempty"`
}

// RemoteError is an error reply. Error is its Message; Hint, when set, says what the user
// can do about it (Hint finds it through wrapping).
type RemoteError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

func (e *RemoteError) Error() string { return e.Message }

// UnknownOp is the error a Handler returns for an op it does not know: the command is
// newer than the running app.
func UnknownOp(op string) error {
	return &RemoteError{Code: CodeUnknownOp, Message: fmt.Sprintf("the running vaultbar does not know %q", op),
		Hint: "quit vaultbar and start it again, so the app is as new as this command"}
}

// Hint returns the hint err carries: a *RemoteError's, or that of an error with a
// Hint() string method, found through wrapping; "" when there is none.
func Hint(err error) string {
	if re, ok := errors.AsType[*RemoteError](err); ok {
		return re.Hint
	}
	if h, ok := errors.AsType[interface {
		error
		Hint() string
	}](err); ok {
		return h.Hint()
	}
	return ""
}

// hintError is a local error with a hint for the user.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }
func (e *hintError) Hint() string  { return e.hint }

func withHint(err error, format string, args ...any) error {
	return &hintError{err: err, hint: fmt.Sprintf(format, args...)}
}

var (
	errTooLarge  = errors.New("message too large")
	errTruncated = errors.New("no newline before the end")
)

// readLine reads one message up to its newline, which it drops. It reads no more than
// max bytes (plus one buffer) of a longer line before it gives up with errTooLarge, so a
// huge message is never held in memory. A stream that ends mid-line gives errTruncated;
// one that ends before any byte gives io.EOF.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		n := len(line) + len(chunk)
		if err == nil {
			n-- // the newline
		}
		if n > max {
			return nil, errTooLarge
		}
		line = append(line, chunk...)
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) > 0:
			return nil, errTruncated
		}
		return nil, err
	}
}

// writeLine sends v as one line.
func writeLine(c net.Conn, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = c.Write(append(b, '\n'))
	return err
}
