package fakeaws

import (
	"net/http/httptest"
	"testing"
)

// Fake is a running STS fake, reachable both directly and through an intercepting proxy.
type Fake struct {
	*STS
	// URL is the fake's own endpoint (http://127.0.0.1:port), for AWS_ENDPOINT_URL_STS or an
	// SDK client's BaseEndpoint.
	URL string
	// Proxy serves the same fake for clients that insist on https://sts.amazonaws.com.
	Proxy *Proxy
	// Signin is the console federation endpoint fake, authenticating against this STS.
	Signin *Signin
	// SigninURL is where Signin is served (http://127.0.0.1:port), for VAULTBAR_SIGNIN_ENDPOINT.
	SigninURL string
}

// Start runs a new STS fake on an httptest server and a Proxy in front of it, and the sign-in
// fake on a server of its own, all stopped by t.Cleanup.
func Start(t testing.TB) *Fake {
	t.Helper()
	sts := NewSTS()
	srv := httptest.NewServer(sts)
	t.Cleanup(srv.Close)
	proxy, err := NewProxy(sts)
	if err != nil {
		t.Fatalf("start fake aws: %v", err)
	}
	t.Cleanup(func() {
		if err := proxy.Close(); err != nil {
			t.Errorf("stop fake aws: %v", err)
		}
	})
	signin := NewSignin(sts)
	signinSrv := httptest.NewServer(signin)
	t.Cleanup(signinSrv.Close)
	return &Fake{STS: sts, URL: srv.URL, Proxy: proxy, Signin: signin, SigninURL: signinSrv.URL}
}
