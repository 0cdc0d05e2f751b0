package fakeaws

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// SSO is a fake of IAM Identity Center: the OIDC service (RegisterClient,
// StartDeviceAuthorization, CreateToken with the device-code and refresh-token grants) and the
// portal (GetRoleCredentials, ListAccounts, ListAccountRoles), speaking AWS's REST JSON with
// its status codes and error shapes (X-Amzn-ErrorType and {"error", "error_description"} for
// OIDC, {"message"} for the portal). The two APIs have disjoint paths, so one handler serves
// both: point AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO at the same URL.
//
// Nobody signs in on their own: a test plays the user's browser with [SSO.Approve] or
// [SSO.Deny] for the user code it saw (see [SSO.WaitForDevice]). Role credentials are issued
// through the [STS] fake, so they can sign AssumeRole calls there. Create it with [NewSSO];
// all methods are safe for concurrent use.
type SSO struct {
	sts *STS

	// Settings; set them before the first request.
	Interval       time.Duration // the polling interval StartDeviceAuthorization asks for; default 1 s
	DeviceTTL      time.Duration // how long a device code may be polled; default 10 min
	AccessTokenTTL time.Duration // default 8 h
	RoleTTL        time.Duration // role credentials' lifetime; default 1 h
	PageSize       int           // the most items a List call returns (less if maxResults says so); default 10
	// EnforceInterval answers slow_down to a client polling CreateToken sooner than the
	// interval (by the wall clock), as AWS does. Off by default: tests with an injected wait
	// poll faster than real time.
	EnforceInterval bool

	mu       sync.Mutex
	clients  map[string]*ssoClient
	devices  map[string]*ssoDevice // by device code
	tokens   map[string]*ssoToken  // by access token
	refresh  map[string]*ssoToken  // by refresh token
	accounts []SSOAccount
	roles    map[string][]string // account id -> role names, in order
	breaks   map[string]SSOBreak // operation -> how its answers are broken
	slowDown int                 // CreateToken polls still to answer slow_down
	seq      int
	calls    []SSOCall
	called   chan struct{}
}

// SSOAccount is an account the portal lists.
type SSOAccount struct {
	ID, Name, Email string
}

// SSOCall is one request the fake received, recorded before it was judged.
type SSOCall struct {
	Op string // RegisterClient, StartDeviceAuthorization, CreateToken, GetRoleCredentials, ListAccounts, ListAccountRoles, Logout, DevicePage
	// UserCode is the code of a DevicePage visit: the verification page a browser opened.
	UserCode string
	// GrantType is CreateToken's grant type, "" for other operations.
	GrantType string
	// Scopes are RegisterClient's scopes.
	Scopes []string
	// Account and Role are GetRoleCredentials' and ListAccountRoles' parameters.
	Account, Role string
	Host          string
}

type ssoClient struct {
	id, secret string
	scopes     []string
	expires    time.Time
}

type ssoDevice struct {
	code, userCode, clientID, startURL string
	expires                            time.Time
	approved, denied, used             bool
	lastPoll                           time.Time
}

type ssoToken struct {
	access, refresh, clientID, startURL string
	expires                             time.Time
	revoked                             bool
}

// NewSSO returns a fake that knows no accounts yet and issues role credentials through sts.
func NewSSO(sts *STS) *SSO {
	return &SSO{sts: sts, clients: map[string]*ssoClient{}, devices: map[string]*ssoDevice{},
		tokens: map[string]*ssoToken{}, refresh: map[string]*ssoToken{}, roles: map[string][]string{},
		breaks: map[string]SSOBreak{}, called: make(chan struct{})}
}

// ssoPaths are the routes of both APIs, by method and path.
var ssoPaths = map[string]string{
	"POST /client/register":       "RegisterClient",
	"POST /device_authorization":  "StartDeviceAuthorization",
	"POST /token":                 "CreateToken",
	"GET /federation/credentials": "GetRoleCredentials",
	"GET /assignment/accounts":    "ListAccounts",
	"GET /assignment/roles":       "ListAccountRoles",
	"POST /logout":                "Logout",
	"GET /device":                 "DevicePage",
}

// IsSSOPath reports whether r is addressed to one of the fake's routes.
func IsSSOPath(r *http.Request) bool {
	_, ok := ssoPaths[r.Method+" "+r.URL.Path]
	return ok
}

func (f *SSO) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op, ok := ssoPaths[r.Method+" "+r.URL.Path]
	if !ok {
		writeSSOError(w, &ssoError{http.StatusNotFound, "UnknownOperationException", "", "unknown operation"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	var in ssoInput
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			writeSSOError(w, &ssoError{http.StatusBadRequest, "InvalidRequestException", "invalid_request", "malformed request body"})
			return
		}
	}
	f.record(op, r, in)
	out, err := f.dispatch(op, r, in)
	if brk := f.breakOf(op); brk != SSOAnswerOK {
		brk.write(w)
		return
	}
	if err != nil {
		writeSSOError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

// ssoInput is every JSON body field the OIDC operations take.
type ssoInput struct {
	ClientName   string   `json:"clientName"`
	ClientType   string   `json:"clientType"`
	Scopes       []string `json:"scopes"`
	ClientID     string   `json:"clientId"`
	ClientSecret string   `json:"clientSecret"`
	StartURL     string   `json:"startUrl"`
	GrantType    string   `json:"grantType"`
	DeviceCode   string   `json:"deviceCode"`
	RefreshToken string   `json:"refreshToken"`
}

func (f *SSO) dispatch(op string, r *http.Request, in ssoInput) (any, *ssoError) {
	switch op {
	case "RegisterClient":
		return f.registerClient(in)
	case "StartDeviceAuthorization":
		return f.startDeviceAuthorization(r, in)
	case "CreateToken":
		return f.createToken(in)
	case "GetRoleCredentials":
		return f.getRoleCredentials(r)
	case "ListAccounts":
		return f.listAccounts(r)
	case "ListAccountRoles":
		return f.listAccountRoles(r)
	case "DevicePage":
		// What the user's browser sees; the test signs in with Approve, as the user would here.
		return map[string]string{"page": "sign in to iam identity center", "user_code": r.URL.Query().Get("user_code")}, nil
	default: // Logout
		return struct{}{}, nil
	}
}

func (f *SSO) record(op string, r *http.Request, in ssoInput) {
	q := r.URL.Query()
	c := SSOCall{Op: op, GrantType: in.GrantType, Scopes: in.Scopes, Account: q.Get("account_id"), Role: q.Get("role_name"),
		UserCode: q.Get("user_code"), Host: r.Host}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
	close(f.called)
	f.called = make(chan struct{})
}

// ssoError is an error as IAM Identity Center sends it.
type ssoError struct {
	status int
	typ    string // X-Amzn-ErrorType, e.g. AuthorizationPendingException
	code   string // OIDC's "error" field, e.g. authorization_pending; "" for the portal
	msg    string
}

func writeSSOError(w http.ResponseWriter, e *ssoError) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", e.typ+":http://internal.amazon.com/coral/com.amazonaws.sso/")
	w.WriteHeader(e.status)
	body := map[string]string{"message": e.msg}
	if e.code != "" {
		body = map[string]string{"error": e.code, "error_description": e.msg}
	}
	_ = json.NewEncoder(w).Encode(body)
}

func (f *SSO) now() time.Time { return f.sts.now() }

func (f *SSO) nextID(prefix string) string {
	f.seq++
	return fmt.Sprintf("%s%06d%s", prefix, f.seq, randomHex(8))
}

// Calls returns the calls of one operation ("" for all) since the last Reset, oldest first.
func (f *SSO) Calls(op string) []SSOCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.callsOf(op)
}

func (f *SSO) callsOf(op string) []SSOCall {
	var out []SSOCall
	for _, c := range f.calls {
		if op == "" || c.Op == op {
			out = append(out, c)
		}
	}
	return out
}

// Count is len(Calls(op)).
func (f *SSO) Count(op string) int { return len(f.Calls(op)) }

// Reset forgets the recorded calls; clients, tokens and accounts stay.
func (f *SSO) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
}

// WaitForCalls blocks until at least n calls of op ("" for any) were recorded, or ctx ends.
func (f *SSO) WaitForCalls(ctx context.Context, op string, n int) error {
	for {
		f.mu.Lock()
		got, changed := len(f.callsOf(op)), f.called
		f.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("waiting for %d %s calls, saw %d: %w", n, op, got, ctx.Err())
		}
	}
}
