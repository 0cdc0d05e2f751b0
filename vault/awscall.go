package vault

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/middleware"
)

// CallLimits bound one call to AWS. Every call Vaultbar makes (STS here, the console's
// getSigninToken in login, IAM Identity Center when it comes) runs under them, so that an
// endpoint that accepts and never answers, answers a byte at a time, or answers something
// huge fails that call, instead of holding a command, a refresh or a server forever. Zero
// fields mean the defaults.
type CallLimits struct {
	// Timeout bounds the whole call: connecting, TLS, sending, the headers and the whole
	// body of the answer, and the SDK's retries. Default DefaultCallTimeout.
	Timeout time.Duration
	// MaxResponse bounds the bytes of one answer's body. Default DefaultMaxResponse.
	MaxResponse int64
}

const (
	// DefaultCallTimeout is long enough for a slow proxy and the SDK's retries (a real STS call
	// takes well under a second) and short enough that a stuck network is reported while the
	// user still waits for it.
	DefaultCallTimeout = 30 * time.Second
	// DefaultMaxResponse is far above any real answer (STS: a few kilobytes, sign-in: under
	// one) and far below what would hurt.
	DefaultMaxResponse = 1 << 20
)

// NoAnswerError says that an AWS endpoint did not answer in full within the call's deadline.
type NoAnswerError struct{ After time.Duration }

func (e *NoAnswerError) Error() string { return fmt.Sprintf("no answer within %s", e.After) }

// ResponseTooLargeError says that an answer was larger than CallLimits.MaxResponse.
type ResponseTooLargeError struct{ Limit int64 }

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("the answer is larger than %s", byteSize(e.Limit))
}

func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (l CallLimits) withDefaults() CallLimits {
	if l.Timeout <= 0 {
		l.Timeout = DefaultCallTimeout
	}
	if l.MaxResponse <= 0 {
		l.MaxResponse = DefaultMaxResponse
	}
	return l
}

// Start returns ctx bounded by the call's deadline. Pass the call's error through Explain.
func (l CallLimits) Start(ctx context.Context) (context.Context, context.CancelFunc) {
	l = l.withDefaults()
	return context.WithTimeoutCause(ctx, l.Timeout, &NoAnswerError{After: l.Timeout})
}

// Explain returns a *NoAnswerError in place of err when callCtx (from Start) ran out of
// time; the SDK's or net/http's chain for it ("context deadline exceeded" inside
// "deserialization failed") says nothing a user can act on. Any other err is returned as is,
// the caller's own cancellation included.
func (l CallLimits) Explain(callCtx context.Context, err error) error {
	var noAnswer *NoAnswerError
	if err != nil && errors.As(context.Cause(callCtx), &noAnswer) {
		return noAnswer
	}
	return err
}

// ReadBody reads an answer's body, failing with a *ResponseTooLargeError past MaxResponse.
func (l CallLimits) ReadBody(r io.Reader) ([]byte, error) {
	return io.ReadAll(l.capped(io.NopCloser(r)))
}

func (l CallLimits) capped(rc io.ReadCloser) io.ReadCloser {
	l = l.withDefaults()
	return &cappedBody{rc: rc, left: l.MaxResponse, limit: l.MaxResponse}
}

// cappedBody fails a read that would go past limit, rather than cutting the answer short
// (io.LimitReader), which would turn "too large" into a confusing parse error.
type cappedBody struct {
	rc          io.ReadCloser
	left, limit int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		if n, err := b.rc.Read(one[:]); n == 0 {
			return 0, err // the answer ended exactly at the limit, or failed
		}
		return 0, &ResponseTooLargeError{Limit: b.limit}
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }

// client caps the body of every answer c returns, for the SDK clients.
func (l CallLimits) client(c aws.HTTPClient) aws.HTTPClient {
	return &cappedClient{c: c, limits: l}
}

type cappedClient struct {
	c      aws.HTTPClient
	limits CallLimits
}

func (c *cappedClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.c.Do(req)
	if err == nil {
		resp.Body = c.limits.capped(resp.Body)
	}
	return resp, err
}

// apiOption bounds a whole SDK operation by the call's deadline: the Initialize step wraps
// every attempt of the retry loop and the reading of the answer, so a call cannot last
// longer than Timeout however many retries the SDK makes.
func (l CallLimits) apiOption(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("VaultbarCallLimits",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			callCtx, cancel := l.Start(ctx)
			defer cancel()
			out, md, err := next.HandleInitialize(callCtx, in)
			return out, md, l.Explain(callCtx, err)
		}), middleware.Before)
}
