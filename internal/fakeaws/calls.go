package fakeaws

import (
	"context"
	"fmt"
	"net/url"
	"slices"
)

// Call is one request the fake received, recorded before it was authenticated or answered,
// so rejected and held calls are recorded too.
type Call struct {
	Action string
	// Params is every Query API parameter sent, Action and Version included.
	Params url.Values
	// AccessKeyID is the key from the SigV4 Authorization header (Credential=AKID/...), "" if unsigned.
	AccessKeyID string
	// SessionToken is the X-Amz-Security-Token header, "" for long-term keys.
	SessionToken string
	// Host is the Host the client addressed, e.g. "sts.us-east-1.amazonaws.com" through the Proxy.
	Host string
}

func (s *STS) record(req *request) {
	auth, _ := parseAuthorization(req.http.Header.Get("Authorization"))
	c := Call{
		Action:       req.action,
		Params:       req.params,
		AccessKeyID:  auth.accessKeyID,
		SessionToken: req.http.Header.Get("X-Amz-Security-Token"),
		Host:         req.http.Host,
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	close(s.called)
	s.called = make(chan struct{})
}

// Calls returns every call since the last Reset, oldest first.
func (s *STS) Calls() []Call {
	return s.CallsFor("")
}

// CallsFor returns the calls of one action ("" for all), oldest first.
func (s *STS) CallsFor(action string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsFor(action)
}

func (s *STS) callsFor(action string) []Call {
	var out []Call
	for _, c := range s.calls {
		if action == "" || c.Action == action {
			c.Params = cloneValues(c.Params)
			out = append(out, c)
		}
	}
	return out
}

// Reset forgets the recorded calls. Users, sessions, MFA devices, roles and faults stay.
func (s *STS) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

// WaitForCalls blocks until at least n calls of action ("" for any) have been recorded since
// the last Reset, or ctx ends. Tests use it instead of sleeping, typically with Hold.
func (s *STS) WaitForCalls(ctx context.Context, action string, n int) error {
	for {
		s.mu.Lock()
		got, changed := len(s.callsFor(action)), s.called
		s.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("waiting for %d %q calls, saw %d: %w", n, action, got, ctx.Err())
		}
	}
}

// cloneValues keeps callers from mutating the record (or racing with each other over it).
func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}
