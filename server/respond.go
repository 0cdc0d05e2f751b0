package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// message is the error shape of the ECS endpoint (aws-vault's, with a Code the SDKs surface).
type message struct {
	Code    string `json:"Code,omitempty"`
	Message string `json:"Message"`
}

// writeJSONError is the error path, so it encodes per call; the hot path never comes here.
func writeJSONError(w http.ResponseWriter, status int, code, msg string) {
	body, err := json.Marshal(message{Code: code, Message: msg})
	if err != nil { // cannot happen for two strings; say something anyway
		body = []byte(`{"Message":"internal error"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeText is for IMDS, which answers everything in text/plain.
func writeText(w http.ResponseWriter, status int, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// credentialsStatus maps a failure to get credentials to an HTTP status: the credentials
// function failed (502), the request gave up waiting for it (504), or the server is stopping
// (503).
func credentialsStatus(err error) (int, string) {
	switch {
	case errors.Is(err, ErrClosed):
		return http.StatusServiceUnavailable, "ServiceUnavailable"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return http.StatusGatewayTimeout, "Timeout"
	default:
		return http.StatusBadGateway, "CredentialsUnavailable"
	}
}

// maxWait bounds how long a request waits for a refresh (an MFA prompt, say), so that it gets
// a 504 well before the server's write timeout cuts it off. The refresh itself goes on.
const maxWait = 60 * time.Second

// snapshot gets src's credentials for r: without allocating when they are ready, and within
// maxWait otherwise.
func snapshot(r *http.Request, src *Source) (*Snapshot, error) {
	if snap := src.ready(); snap != nil {
		return snap, nil
	}
	ctx, cancel := context.WithTimeout(r.Context(), maxWait)
	defer cancel()
	return src.wait(ctx)
}
