package control

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/debug"
	"time"
)

// serveConn reads one request from c, answers it and closes c.
func (s *Server) serveConn(c net.Conn) {
	defer c.Close()
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()

	_ = c.SetReadDeadline(time.Now().Add(s.o.ReadTimeout))
	br := bufio.NewReader(c)
	line, err := readLine(br, s.o.MaxRequest)
	if errors.Is(err, io.EOF) {
		return // connected and left without a word: nobody to answer
	}
	req, rerr := s.parse(line, err)
	if rerr != nil {
		s.send(c, reply{V: Version, Error: rerr})
		return // unread bytes stay unread: closing drops them
	}

	// The client keeps its side open until the reply: the end of its stream, or the server
	// closing c, is the end of the request.
	_ = c.SetReadDeadline(time.Time{})
	go func() {
		_, _ = io.Copy(io.Discard, br)
		cancel()
	}()
	body, rerr := s.dispatch(ctx, req)
	if rerr == nil {
		b, err := json.Marshal(body)
		switch {
		case err != nil:
			s.o.Logf("control: reply to %q: %v", req.Op, err)
			rerr = &RemoteError{Code: CodeInternal, Message: fmt.Sprintf("the running vaultbar cannot encode its reply to %q", req.Op),
				Hint: "report this bug"}
		case len(b) > MaxMessage:
			rerr = &RemoteError{Code: CodeInternal, Message: fmt.Sprintf("the reply to %q is larger than %d bytes", req.Op, MaxMessage),
				Hint: "report this bug"}
		default:
			s.send(c, reply{V: Version, OK: true, Body: b})
			return
		}
	}
	s.send(c, reply{V: Version, Error: rerr})
}

// parse turns what readLine returned into a request, or into the error reply it deserves.
func (s *Server) parse(line []byte, err error) (request, *RemoteError) {
	const example = `send one JSON object on one line, e.g. {"v":1,"op":"ping"}`
	switch {
	case errors.Is(err, errTooLarge):
		return request{}, &RemoteError{Code: CodeTooLarge, Message: fmt.Sprintf("request larger than %d bytes", s.o.MaxRequest),
			Hint: "send a smaller request"}
	case errors.Is(err, os.ErrDeadlineExceeded):
		return request{}, &RemoteError{Code: CodeTimeout, Message: fmt.Sprintf("no complete request within %v", s.o.ReadTimeout),
			Hint: example + ", right after connecting"}
	case errors.Is(err, errTruncated):
		return request{}, &RemoteError{Code: CodeBadRequest, Message: "request ends without a newline", Hint: example}
	case err != nil:
		return request{}, &RemoteError{Code: CodeBadRequest, Message: fmt.Sprintf("read request: %v", err), Hint: example}
	}
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return request{}, &RemoteError{Code: CodeBadRequest, Message: fmt.Sprintf("malformed request: %v", err), Hint: example}
	}
	if req.V != Version {
		return request{}, &RemoteError{Code: CodeVersion,
			Message: fmt.Sprintf("control protocol version %d is not supported; this vaultbar speaks version %d", req.V, Version),
			Hint:    "quit vaultbar and start it again, so the app and this command are the same version"}
	}
	if req.Op == "" {
		return request{}, &RemoteError{Code: CodeBadRequest, Message: "request without an op", Hint: example}
	}
	return req, nil
}

// dispatch answers "ping" itself and hands anything else to the handler once Serve has
// supplied it, turning its error or panic into an error reply.
func (s *Server) dispatch(ctx context.Context, req request) (body any, rerr *RemoteError) {
	if req.Op == "ping" {
		return s.o.Info, nil
	}
	select {
	case <-s.ready:
	case <-ctx.Done():
		return nil, stopping(req.Op)
	}
	defer func() {
		if p := recover(); p != nil {
			s.o.Logf("control: handler for %q panicked: %v\n%s", req.Op, p, debug.Stack())
			body, rerr = nil, &RemoteError{Code: CodeInternal, Message: fmt.Sprintf("the running vaultbar failed on %q", req.Op),
				Hint: "see its log, and report this bug"}
		}
	}()
	out, err := s.h(ctx, req.Op, req.Body)
	if err == nil {
		return out, nil
	}
	if re, ok := errors.AsType[*RemoteError](err); ok {
		return nil, re
	}
	if ctx.Err() != nil && s.ctx.Err() != nil {
		return nil, stopping(req.Op)
	}
	return nil, &RemoteError{Code: CodeFailed, Message: err.Error(), Hint: s.o.HintFunc(err)}
}

func stopping(op string) *RemoteError {
	return &RemoteError{Code: CodeStopping, Message: fmt.Sprintf("vaultbar quit before it answered %q", op),
		Hint: "start vaultbar again, or run the command with --no-app"}
}

// send writes r, giving up after ReadTimeout on a client that does not read. A client that
// went away misses its reply, which is nobody's problem.
func (s *Server) send(c net.Conn, r reply) {
	_ = c.SetWriteDeadline(time.Now().Add(s.o.ReadTimeout))
	_ = writeLine(c, r)
}
