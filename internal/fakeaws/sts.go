package fakeaws

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"
)

// STS is a fake of the AWS Security Token Service Query API (version 2011-06-15). It serves
// GetSessionToken, AssumeRole, GetFederationToken, GetCallerIdentity and (unsigned)
// AssumeRoleWithWebIdentity with AWS's XML and errors, authenticates callers by verifying
// their SigV4 signature, and records every call.
//
// Create it with [NewSTS]. All methods are safe for concurrent use.
type STS struct {
	// Now is the clock for issuing and expiring credentials; nil means time.Now.
	// Set it before the first request; the fake reads it without locking.
	Now func() time.Time
	// SessionLifetime, when positive, is how long every issued session lasts, whatever
	// duration was asked (at least 900 s on AWS): a soak run sees several refresh cycles in
	// minutes. Set it before the first request.
	SessionLifetime time.Duration

	mu       sync.Mutex
	users    map[string]user    // long-term (AKIA) keys, see AddUser
	sessions map[string]session // temporary (ASIA) keys this fake issued
	mfa      map[string]string  // MFA serial -> the one code it accepts
	roles    map[string]*roleRules
	faults   faults
	issuedN  int // how many credentials were issued; numbers the access key ids
	calls    []Call
	called   chan struct{} // closed and replaced on every call, see WaitForCalls
	gate     chan struct{} // non-nil while held, see Hold
	holds    int
	wire     WireFault     // see SetWireFault
	wireSet  chan struct{} // closed when wire changes
	// webTokens are the OIDC tokens AssumeRoleWithWebIdentity accepts, with their subject.
	webTokens map[string]string
}

// NewSTS returns a fake that knows no users, MFA devices or roles yet.
func NewSTS() *STS {
	return &STS{
		users:    map[string]user{},
		sessions: map[string]session{},
		mfa:      map[string]string{},
		roles:    map[string]*roleRules{},
		called:   make(chan struct{}),
	}
}

// stsVersion is the only API version STS has.
const stsVersion = "2011-06-15"

// maxBody bounds what the fake reads; real STS requests are a few kilobytes.
const maxBody = 1 << 20

// request is one parsed STS call.
type request struct {
	http   *http.Request
	body   []byte
	params url.Values
	action string
}

func (s *STS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f, changed := s.wireFault(); f != WireOK {
		rec := httptest.NewRecorder()
		s.serve(rec, r)
		f.deliver(w, r, rec, changed)
		return
	}
	s.serve(w, r)
}

func (s *STS) serve(w http.ResponseWriter, r *http.Request) {
	serveQuery(w, r, stsNamespace, s.handle)
}

// serveQuery answers one Query API call (STS or IAM) with handle's result or error.
func serveQuery(w http.ResponseWriter, r *http.Request, namespace string, handle func(*http.Request) (string, any, error)) {
	requestID := newRequestID()
	action, result, err := handle(r)
	var apiErr *apiError
	switch {
	case err == nil:
		writeResultIn(w, namespace, action, requestID, result)
	case errors.As(err, &apiErr):
		writeErrorIn(w, namespace, requestID, apiErr)
	case r.Context().Err() != nil:
		// The client went away while the call was held; nobody is left to answer.
	default:
		writeErrorIn(w, namespace, requestID, &apiError{http.StatusInternalServerError, "InternalFailure", err.Error()})
	}
}

// handle runs one call: record it, wait while held, then fail it, authenticate it or answer it.
func (s *STS) handle(r *http.Request) (action string, result any, err error) {
	req, err := s.admit(r)
	if err != nil {
		return "", nil, err
	}
	if req.action == webIdentityAction && req.params.Get("Version") == stsVersion {
		result, err = s.assumeRoleWithWebIdentity(req.params)
		return req.action, result, err
	}
	caller, err := s.authenticate(req)
	if err != nil {
		return "", nil, err
	}
	result, err = s.dispatch(req, caller)
	return req.action, result, err
}

// admit reads and records a call, waits while held, and returns the fault a test set for it.
func (s *STS) admit(r *http.Request) (*request, error) {
	req, err := readRequest(r)
	if err != nil {
		return nil, err
	}
	s.record(req)
	if err := s.waitWhileHeld(r.Context()); err != nil {
		return nil, err
	}
	if err := s.injectedFault(req.action); err != nil {
		return nil, err
	}
	return req, nil
}

// readRequest accepts the Query API in both its forms: a POSTed form or a GET query string.
func readRequest(r *http.Request) (*request, error) {
	// MaxBytesReader takes a nil ResponseWriter; it only uses it to close oversized connections.
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return nil, validationError("could not read request body: %v", err)
	}
	params := r.URL.Query()
	if r.Method == http.MethodPost {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, validationError("malformed form body: %v", err)
		}
		for k, v := range form {
			params[k] = append(params[k], v...)
		}
	}
	return &request{http: r, body: body, params: params, action: params.Get("Action")}, nil
}

func (s *STS) dispatch(req *request, caller principal) (any, error) {
	if v := req.params.Get("Version"); v != stsVersion {
		return nil, invalidAction(req.action, v)
	}
	switch req.action {
	case "GetSessionToken":
		return s.getSessionToken(req.params, caller)
	case "AssumeRole":
		return s.assumeRole(req.params, caller)
	case "GetFederationToken":
		return s.getFederationToken(req.params, caller)
	case "GetCallerIdentity":
		return s.getCallerIdentity(caller), nil
	default:
		return nil, invalidAction(req.action, stsVersion)
	}
}

func (s *STS) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// waitWhileHeld blocks while a Hold is in force, or until the client gives up.
func (s *STS) waitWhileHeld(ctx context.Context) error {
	s.mu.Lock()
	gate := s.gate
	s.mu.Unlock()
	if gate == nil {
		return nil
	}
	select {
	case <-gate:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("held call abandoned: %w", ctx.Err())
	}
}
