package loadgen

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"
)

// maxProbeBody bounds what Probe reads.
const maxProbeBody = 1 << 20

// ProbeResult describes one response, without its secrets: the credential fields are only
// reported as present or not, except the access key id and the expiration.
type ProbeResult struct {
	Status      int    `json:"status"`
	Bytes       int    `json:"bytes"`
	ContentType string `json:"content_type"`
	// Credentials is true when the body is the container-credentials JSON: AccessKeyId,
	// SecretAccessKey, Token and Expiration all present and non-empty.
	Credentials bool   `json:"credentials"`
	AccessKeyID string `json:"access_key_id,omitempty"`
	Expiration  string `json:"expiration,omitempty"`
}

// Probe sends one GET and describes the response. Errors are transport errors; any status
// is a result.
func Probe(ctx context.Context, rawURL string, h http.Header, timeout time.Duration) (*ProbeResult, error) {
	if _, err := CheckLoopback(rawURL); err != nil {
		return nil, err
	}
	timeout = cmp.Or(timeout, DefaultTimeout) // the client's dial timeout too
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := newRequest(ctx, rawURL, h)
	if err != nil {
		return nil, err
	}
	client := newClient(timeout, new(atomic.Uint64))
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxProbeBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxProbeBody {
		return nil, fmt.Errorf("body larger than %d bytes", maxProbeBody)
	}
	p := &ProbeResult{Status: resp.StatusCode, Bytes: len(body), ContentType: resp.Header.Get("Content-Type")}
	var c struct{ AccessKeyId, SecretAccessKey, Token, Expiration string }
	if json.Unmarshal(body, &c) == nil {
		p.Credentials = c.AccessKeyId != "" && c.SecretAccessKey != "" && c.Token != "" && c.Expiration != ""
		if p.Credentials {
			p.AccessKeyID, p.Expiration = c.AccessKeyId, c.Expiration
		}
	}
	return p, nil
}
