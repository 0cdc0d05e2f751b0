package control

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"path/filepath"
	"time"
)

var (
	// ErrAlreadyRunning is Listen's answer when a live app answers on the socket.
	ErrAlreadyRunning = errors.New("vaultbar is already running")
	// ErrNotRunning is Dial's answer when no app listens: no socket, or a stale one. The
	// command then works alone.
	ErrNotRunning = errors.New("vaultbar is not running")
	// ErrUnresponsive: a process accepts connections on the socket but does not answer.
	ErrUnresponsive = errors.New("the running vaultbar does not answer")
	// ErrVersion: the app answered in another protocol version (one of the two was updated).
	ErrVersion = errors.New("the running vaultbar speaks another control protocol version")
)

// probeTimeout is how long Dial waits for "ping", and Listen by default.
const probeTimeout = 2 * time.Second

// errNoAnswer is the cause of a probe's context when its time is up.
var errNoAnswer = errors.New("no answer in time")

func unresponsive(path string) error {
	return withHint(fmt.Errorf("%w on %s", ErrUnresponsive, path),
		"end that vaultbar (quit it, or pkill -x vaultbar) and start it again; or run the command with --no-app")
}

// Client reaches the running app. It is safe for concurrent use: each Call is its own
// connection.
type Client struct {
	path string
}

// Dial finds the app answering on dir's socket: it checks dir as Listen does and pings the
// app. No directory, no socket or a stale one give ErrNotRunning; a socket that accepts but
// does not answer within two seconds (or before ctx ends), an error wrapping ErrUnresponsive.
func Dial(ctx context.Context, dir string) (*Client, error) {
	if err := checkDir(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, ErrNotRunning
		}
		return nil, err
	}
	c := &Client{path: filepath.Join(dir, SocketName)}
	if err := c.ping(ctx, probeTimeout); err != nil {
		return nil, err
	}
	return c, nil
}

// ping asks the app for "ping" within timeout: an error wrapping ErrUnresponsive when it
// does not answer.
func (c *Client) ping(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, errNoAnswer)
	defer cancel()
	err := c.Call(ctx, "ping", nil, nil)
	if errors.Is(err, errNoAnswer) {
		return unresponsive(c.path)
	}
	return err
}

// Call sends op with in (encoded as JSON; nil for no body) and decodes the reply's body
// into out (nil to drop it). An error reply is a *RemoteError. When ctx ends, the
// connection closes, which cancels the handler's context in the app.
func (c *Client) Call(ctx context.Context, op string, in, out any) error {
	req := request{V: Version, Op: op}
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode the %s request: %w", op, err)
		}
		req.Body = b
	}
	conn, err := c.connect(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()

	rep, err := exchange(conn, req)
	if err != nil {
		if ctx.Err() != nil {
			err = context.Cause(ctx) // the connection closed because ctx ended
		}
		return fmt.Errorf("vaultbar %s: %w", op, err)
	}
	if rep.V != Version {
		return withHint(fmt.Errorf("%w: it speaks version %d, this command %d", ErrVersion, rep.V, Version),
			"quit vaultbar and start it again, so the app and this command are the same version")
	}
	if !rep.OK {
		if rep.Error == nil {
			return &RemoteError{Code: CodeFailed, Message: fmt.Sprintf("vaultbar %s failed without saying why", op)}
		}
		return rep.Error
	}
	if out != nil && len(rep.Body) > 0 {
		if err := json.Unmarshal(rep.Body, out); err != nil {
			return fmt.Errorf("vaultbar %s: decode the reply: %w", op, err)
		}
	}
	return nil
}

// connect dials the socket and checks that the app on the other end is this user's.
func (c *Client) connect(ctx context.Context) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", c.path)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return nil, fmt.Errorf("connect to vaultbar: %w", context.Cause(ctx))
	case stale(err):
		return nil, ErrNotRunning
	default:
		return nil, fmt.Errorf("connect to vaultbar: %w", err)
	}
	if err := checkPeer(conn); err != nil {
		_ = conn.Close()
		return nil, withHint(fmt.Errorf("%s: %w", c.path, err), "remove %s: only your own vaultbar may listen there", c.path)
	}
	return conn, nil
}

// exchange sends req and reads the reply. A failed write still reads: the app may have
// answered and closed (a request too large, another user) before taking it all.
func exchange(conn net.Conn, req request) (reply, error) {
	werr := writeLine(conn, req)
	line, err := readLine(bufio.NewReader(conn), MaxMessage)
	if err != nil {
		return reply{}, errors.Join(werr, fmt.Errorf("read the reply: %w", err))
	}
	var rep reply
	if err := json.Unmarshal(line, &rep); err != nil {
		return reply{}, fmt.Errorf("malformed reply: %w", err)
	}
	return rep, nil
}
