package fakeaws

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// ConsoleCookie is the cookie [Signin] sets at login: its value is the signed-in session's
// access key id. It persists (Max-Age=3600), like the real console's, so a browser profile
// that was not logged out still carries it.
const ConsoleCookie = "aws-console"

// LoginCall is one successful Action=login.
type LoginCall struct {
	Issuer, Destination string
	AccessKeyID         string
	ARN                 string
	// PriorSession is the console cookie the browser already carried (an access key id), ""
	// for none: a browser profile isolated per AWS profile never carries another's.
	PriorSession string
}

// ConsoleHit is one visit of the fake console page.
type ConsoleHit struct {
	// SignedIn: the browser carried a console cookie of a known session.
	SignedIn    bool
	AccessKeyID string
	ARN         string
	Destination string
}

func (s *Signin) login(w http.ResponseWriter, r *http.Request) {
	token, dest := r.Form.Get("SigninToken"), r.Form.Get("Destination")
	s.mu.Lock()
	t, ok := s.tokens[token]
	valid := ok && !t.used && s.sts.now().Before(t.expires)
	if ok {
		t.used = true // one use, even when it came too late
	}
	s.mu.Unlock()
	if !valid || dest == "" {
		badRequest(w, http.StatusBadRequest, "Invalid SigninToken or Destination parameter.")
		return
	}
	prior := ""
	if c, err := r.Cookie(ConsoleCookie); err == nil {
		prior = c.Value
	}
	s.mu.Lock()
	s.logins = append(s.logins, LoginCall{
		Issuer: r.Form.Get("Issuer"), Destination: dest,
		AccessKeyID: t.session.AccessKeyID, ARN: t.session.ARN, PriorSession: prior,
	})
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{
		Name: ConsoleCookie, Value: t.session.AccessKeyID, Path: "/", MaxAge: 3600, HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
	w.Header().Set("Location", "/console?destination="+url.QueryEscape(dest))
	w.WriteHeader(http.StatusFound)
}

var consolePage = template.Must(template.New("console").Parse(`<!doctype html>
<html><head><title>AWS Management Console (fake)</title></head><body>
{{if .SignedIn}}<p id="identity">Signed in as {{.ARN}}</p>{{else}}<p id="identity">Not signed in</p>{{end}}
<p id="destination">{{.Destination}}</p>
</body></html>
`))

func (s *Signin) console(w http.ResponseWriter, r *http.Request) {
	hit := ConsoleHit{Destination: r.URL.Query().Get("destination")}
	if c, err := r.Cookie(ConsoleCookie); err == nil {
		if info, ok := s.sts.Session(c.Value); ok {
			hit.SignedIn, hit.AccessKeyID, hit.ARN = true, info.AccessKeyID, info.ARN
		}
	}
	s.mu.Lock()
	s.hits = append(s.hits, hit)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = consolePage.Execute(w, hit)
}

// signinHosts are the real sign-in hosts /oauth may redirect to, besides the fake itself.
var signinHosts = []string{"signin.aws.amazon.com", "signin.amazonaws.cn", "signin.amazonaws-us-gov.com", "signin.amazonaws-eusc.eu"}

func (s *Signin) oauth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	next, err := url.Parse(q.Get("redirect_uri"))
	if q.Get("Action") != "logout" || err != nil || !allowedRedirect(next, r.Host) {
		badRequest(w, http.StatusBadRequest, "Invalid logout request.")
		return
	}
	s.mu.Lock()
	s.logouts++
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: ConsoleCookie, Value: "", Path: "/", MaxAge: -1})
	w.Header().Set("Location", next.String())
	w.WriteHeader(http.StatusFound)
}

// allowedRedirect accepts the fake itself (any scheme it might be served on) and https URLs
// on AWS sign-in hosts, regional ones included.
func allowedRedirect(u *url.URL, self string) bool {
	if u.User != nil {
		return false
	}
	if (u.Scheme == "http" || u.Scheme == "https") && u.Host == self {
		return true
	}
	if u.Scheme != "https" || u.Port() != "" {
		return false
	}
	return slices.ContainsFunc(signinHosts, func(h string) bool { return u.Host == h || strings.HasSuffix(u.Host, "."+h) })
}

// Logins returns every successful Action=login so far, oldest first.
func (s *Signin) Logins() []LoginCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.logins)
}

// ConsoleHits returns every visit of /console so far, oldest first.
func (s *Signin) ConsoleHits() []ConsoleHit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.hits)
}

// Logouts counts the successful /oauth?Action=logout requests.
func (s *Signin) Logouts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logouts
}
