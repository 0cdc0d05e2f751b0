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
	// SSO is IAM Identity Center (OIDC and portal), issuing role credentials through STS.
	SSO *SSO
	// SSOURL is where SSO is served, for AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO.
	// The Proxy serves it too, for clients that go to oidc.REGION.amazonaws.com and
	// portal.sso.REGION.amazonaws.com.
	SSOURL string
	// IAM is the IAM fake over this STS's users, for key rotation.
	IAM *IAM
	// IAMURL is where IAM is served, for AWS_ENDPOINT_URL_IAM. The Proxy serves it too, for
	// clients that go to iam.amazonaws.com (the aws-vault CLI).
	IAMURL string
}

// Start runs a new STS fake on an httptest server and a Proxy in front of it, and the sign-in
// SSO and IAM fakes on servers of their own, all stopped by t.Cleanup.
func Start(t testing.TB) *Fake {
	t.Helper()
	sts := NewSTS()
	srv := httptest.NewServer(sts)
	t.Cleanup(srv.Close)
	sso := NewSSO(sts)
	ssoSrv := httptest.NewServer(sso)
	t.Cleanup(ssoSrv.Close)
	iam := NewIAM(sts)
	proxy, err := NewProxy(iam.Route(Router(sts, sso)))
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
	iamSrv := httptest.NewServer(iam)
	t.Cleanup(iamSrv.Close)
	return &Fake{STS: sts, URL: srv.URL, Proxy: proxy, Signin: signin, SigninURL: signinSrv.URL, SSO: sso, SSOURL: ssoSrv.URL,
		IAM: iam, IAMURL: iamSrv.URL}
}
