package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestGuard(t *testing.T) {
	t.Parallel()
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	for _, tc := range []struct {
		name   string
		addr   string // the listener's
		remote string
		host   string
		header map[string]string
		status int
	}{
		{"local_client", "127.0.0.1:8080", "127.0.0.1:50000", "127.0.0.1:8080", nil, http.StatusTeapot},
		{"other_loopback_peer", "127.0.0.1:8080", "127.0.0.2:50000", "127.0.0.1:8080", nil, http.StatusTeapot},
		{"ipv6_loopback", "[::1]:8080", "[::1]:50000", "[::1]:8080", nil, http.StatusTeapot},
		{"non_loopback_peer", "127.0.0.1:8080", "10.0.0.1:1234", "127.0.0.1:8080", nil, http.StatusForbidden},
		{"mapped_non_loopback_peer", "127.0.0.1:8080", "[::ffff:10.0.0.1]:1234", "127.0.0.1:8080", nil, http.StatusForbidden},
		{"unparsable_peer", "127.0.0.1:8080", "pipe", "127.0.0.1:8080", nil, http.StatusForbidden},
		{"wrong_host", "127.0.0.1:8080", "127.0.0.1:50000", "attacker.example:8080", nil, http.StatusForbidden},
		{"host_without_port", "127.0.0.1:8080", "127.0.0.1:50000", "127.0.0.1", nil, http.StatusForbidden},
		{"localhost_host", "127.0.0.1:8080", "127.0.0.1:50000", "localhost:8080", nil, http.StatusTeapot},
		{"localhost_ipv6_listener", "[::1]:8080", "[::1]:50000", "localhost:8080", nil, http.StatusTeapot},
		{"localhost_bare_port_80", "127.0.0.1:80", "127.0.0.1:50000", "localhost", nil, http.StatusTeapot},
		{"localhost_other_port", "127.0.0.1:8080", "127.0.0.1:50000", "localhost:8081", nil, http.StatusForbidden},
		{"localhost_without_port", "127.0.0.1:8080", "127.0.0.1:50000", "localhost", nil, http.StatusForbidden},
		{"localhost_subdomain", "127.0.0.1:8080", "127.0.0.1:50000", "a.localhost:8080", nil, http.StatusForbidden},
		{"localhost_prefix", "127.0.0.1:8080", "127.0.0.1:50000", "localhost.attacker.example:8080", nil, http.StatusForbidden},
		{"localhost_imds_alias", "169.254.169.254:80", "127.0.0.1:50000", "localhost", nil, http.StatusForbidden},
		{"other_name", "127.0.0.1:8080", "127.0.0.1:50000", "vaultbar.test:8080", nil, http.StatusForbidden},
		{"other_port", "127.0.0.1:8080", "127.0.0.1:50000", "127.0.0.1:8081", nil, http.StatusForbidden},
		{"empty_host", "127.0.0.1:8080", "127.0.0.1:50000", "", nil, http.StatusForbidden},
		{"origin", "127.0.0.1:8080", "127.0.0.1:50000", "127.0.0.1:8080", map[string]string{"Origin": "https://attacker.example"}, http.StatusForbidden},
		{"null_origin", "127.0.0.1:8080", "127.0.0.1:50000", "127.0.0.1:8080", map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"sec_fetch_site", "127.0.0.1:8080", "127.0.0.1:50000", "127.0.0.1:8080", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"sec_fetch_mode_lowercase", "127.0.0.1:8080", "127.0.0.1:50000", "127.0.0.1:8080", map[string]string{"sec-fetch-mode": "navigate"}, http.StatusForbidden},
		{"imds_bare_host_port_80", "169.254.169.254:80", "169.254.169.254:50000", "169.254.169.254", nil, http.StatusTeapot},
		{"imds_host_port_80", "169.254.169.254:80", "127.0.0.1:50000", "169.254.169.254:80", nil, http.StatusTeapot},
		{"imds_other_link_local_peer", "169.254.169.254:80", "169.254.10.10:50000", "169.254.169.254", nil, http.StatusForbidden},
		{"bare_host_not_port_80", "127.0.0.1:8080", "127.0.0.1:50000", "127.0.0.1", nil, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr, r.Host = tc.remote, tc.host
			for k, v := range tc.header {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			newGuard(tc.addr, ok).ServeHTTP(w, r)
			if w.Code != tc.status {
				t.Errorf("status %d, want %d: %s", w.Code, tc.status, w.Body)
			}
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", cc)
			}
		})
	}
}
