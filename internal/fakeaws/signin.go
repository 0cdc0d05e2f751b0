package fakeaws

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"
)

// SigninTokenMarker starts every sign-in token [Signin] issues, so tests can scan for leaks.
const SigninTokenMarker = "fakesignintoken"

// Limits of the federation endpoint, from "Enable custom identity broker access to the AWS
// console" (IAM User Guide): SessionDuration is 900..43200 seconds, a sign-in token is valid
// for 15 minutes.
const (
	minConsoleSession = 900
	maxConsoleSession = 43200
	signinTokenTTL    = 15 * time.Minute
)

// Signin is a fake of the AWS federation endpoint (signin.aws.amazon.com/federation) and of
// just enough console to see who signed in. It authenticates the credentials it is given
// against the [STS] fake and applies AWS's rules:
//
//   - long-term (AKIA) keys, unknown or expired credentials: 400;
//   - credentials from GetSessionToken: 400 (AWS does not accept them);
//   - SessionDuration outside 900..43200: 400;
//   - SessionDuration with anything but AssumeRole credentials obtained with long-term keys
//     (role chaining, a role assumed from a session, GetFederationToken): 400.
//
// Routes: /federation (Action=getSigninToken by GET or POST form, Action=login by GET),
// /console (the landing page after login) and /oauth?Action=logout&redirect_uri=….
// Create it with [NewSignin]; all methods are safe for concurrent use.
type Signin struct {
	sts *STS

	mu       sync.Mutex
	tokens   map[string]*signinToken
	calls    []SigninCall
	logins   []LoginCall
	hits     []ConsoleHit
	logouts  int
	failWith int // non-zero: every getSigninToken answers this status, see Fail
}

type signinToken struct {
	session SessionInfo
	expires time.Time
	used    bool
}

// SigninCall is one getSigninToken request, recorded before it was judged. Params holds
// every parameter except Session (the credentials).
type SigninCall struct {
	Method      string
	Params      url.Values
	AccessKeyID string // from the Session JSON, "" if it did not parse
	// SessionDurationSent: the request carried a SessionDuration parameter.
	SessionDurationSent bool
	Host                string
}

// NewSignin returns a federation endpoint fake that authenticates against sts.
func NewSignin(sts *STS) *Signin {
	return &Signin{sts: sts, tokens: map[string]*signinToken{}}
}

func (s *Signin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case "/federation":
		s.federation(w, r)
	case "/console":
		s.console(w, r)
	case "/oauth":
		s.oauth(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (s *Signin) federation(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		badRequest(w, http.StatusMethodNotAllowed, "Method not allowed.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		badRequest(w, http.StatusBadRequest, "The request sent by the client was syntactically incorrect.")
		return
	}
	switch r.Form.Get("Action") {
	case "getSigninToken":
		s.getSigninToken(w, r)
	case "login":
		if r.Method != http.MethodGet {
			badRequest(w, http.StatusMethodNotAllowed, "Method not allowed.")
			return
		}
		s.login(w, r)
	default:
		badRequest(w, http.StatusBadRequest, "Invalid Action parameter.")
	}
}

// sessionParam is the Session JSON of getSigninToken.
type sessionParam struct {
	ID    string `json:"sessionId"`
	Key   string `json:"sessionKey"`
	Token string `json:"sessionToken"`
}

func (s *Signin) getSigninToken(w http.ResponseWriter, r *http.Request) {
	var creds sessionParam
	parseErr := json.Unmarshal([]byte(r.Form.Get("Session")), &creds)
	_, durationSent := r.Form["SessionDuration"]
	s.record(r, creds.ID, durationSent)
	if status := s.fault(); status != 0 {
		badRequest(w, status, "The service is unavailable. Please try again later.")
		return
	}
	if parseErr != nil || creds.ID == "" || creds.Key == "" || creds.Token == "" {
		badRequest(w, http.StatusBadRequest, "Invalid credentials parameter. The request sent by the client was syntactically incorrect.")
		return
	}
	info, err := s.sts.checkCredentials(creds.ID, creds.Key, creds.Token)
	if err != nil {
		badRequest(w, http.StatusBadRequest, "Invalid credentials parameter. The request sent by the client was syntactically incorrect.")
		return
	}
	if info.Action == "GetSessionToken" {
		badRequest(w, http.StatusBadRequest, "Invalid credentials parameter. Credentials from GetSessionToken cannot be used to sign in to the console.")
		return
	}
	if durationSent {
		if msg := checkSessionDuration(r.Form.Get("SessionDuration"), info); msg != "" {
			badRequest(w, http.StatusBadRequest, msg)
			return
		}
	}
	token := SigninTokenMarker + randomBase64(48)
	s.mu.Lock()
	s.tokens[token] = &signinToken{session: info, expires: s.sts.now().Add(signinTokenTTL)}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"SigninToken": token})
}

// checkSessionDuration applies AWS's rules for SessionDuration; "" means acceptable.
func checkSessionDuration(raw string, info SessionInfo) string {
	n, err := strconv.Atoi(raw)
	if err != nil || n < minConsoleSession || n > maxConsoleSession {
		return fmt.Sprintf("Invalid SessionDuration parameter. It must be between %d and %d seconds.", minConsoleSession, maxConsoleSession)
	}
	if info.Action != "AssumeRole" || !info.FromLongTermKeys {
		return "Invalid credentials parameter. SessionDuration is only allowed with role credentials obtained with long-term credentials."
	}
	return ""
}

func (s *Signin) record(r *http.Request, akid string, durationSent bool) {
	params := cloneValues(r.Form)
	params.Del("Session")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, SigninCall{
		Method: r.Method, Params: params, AccessKeyID: akid,
		SessionDurationSent: durationSent, Host: r.Host,
	})
}

// Calls returns every getSigninToken request so far, oldest first.
func (s *Signin) Calls() []SigninCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]SigninCall, len(s.calls))
	for i, c := range s.calls {
		c.Params = cloneValues(c.Params)
		out[i] = c
	}
	return out
}

// Fail makes every getSigninToken answer status (a 5xx, say) until Fail(0).
func (s *Signin) Fail(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failWith = status
}

func (s *Signin) fault() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failWith
}

// badRequest answers like the federation endpoint does: a short HTML page, never an echo of
// the request.
func badRequest(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html;charset=UTF-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<html><head><title>%d %s</title></head><body><h1>%s</h1><p>%s</p></body></html>\n",
		status, http.StatusText(status), http.StatusText(status), msg)
}
