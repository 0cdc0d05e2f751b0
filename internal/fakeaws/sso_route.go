package fakeaws

import "net/http"

// Router serves the SSO fake's routes and everything else with the STS fake, for the Proxy
// (which sees every AWS host a client like the aws-vault CLI asks for) and for fakests.
func Router(sts *STS, sso *SSO) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if IsSSOPath(r) {
			sso.ServeHTTP(w, r)
			return
		}
		sts.ServeHTTP(w, r)
	})
}
