package vault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
)

// Error answers as IAM Identity Center, a proxy or a captive portal send them become the
// exception names the SDK gives, or an unreadable answer; never the page's text.
func TestSSOErrorAnswer(t *testing.T) {
	t.Parallel()
	const amzn = ":http://internal.amazon.com/coral/com.amazonaws.sso/"
	for name, tc := range map[string]struct {
		status          int
		header, body    string
		code, message   string
		notJSON, noCode bool
	}{
		"oidc_header_and_oauth_body": {status: 400, header: "AuthorizationPendingException" + amzn,
			body: `{"error":"authorization_pending","error_description":"Authorization is still pending"}`,
			code: "AuthorizationPendingException", message: "Authorization is still pending"},
		"portal_header_and_message": {status: 401, header: "UnauthorizedException" + amzn,
			body: `{"message":"Session token not found or invalid"}`, code: "UnauthorizedException", message: "Session token not found or invalid"},
		"type_in_body_with_namespace": {status: 429, body: `{"__type":"com.amazonaws.switchboard.portal#TooManyRequestsException","message":"Rate exceeded"}`,
			code: "TooManyRequestsException", message: "Rate exceeded"},
		"code_in_body":                {status: 400, body: `{"code":"InvalidRequestException","message":"bad"}`, code: "InvalidRequestException", message: "bad"},
		"oauth_error_without_header":  {status: 400, body: `{"error":"slow_down","error_description":"Client is polling too quickly"}`, code: "SlowDownException", message: "Client is polling too quickly"},
		"header_beats_body":           {status: 400, header: "ExpiredTokenException", body: `{"__type":"Other","error":"invalid_grant"}`, code: "ExpiredTokenException"},
		"header_with_html_body":       {status: 400, header: "InvalidGrantException" + amzn, body: "<html>oops</html>", code: "InvalidGrantException"},
		"proxy_html_page":             {status: 502, body: "<html><body>Bad gateway: hotel wifi</body></html>", notJSON: true},
		"plain_text":                  {status: 403, body: "Forbidden", notJSON: true},
		"empty_body":                  {status: 503, noCode: true, code: "Service Unavailable"},
		"json_without_a_code":         {status: 500, body: `{"hello":"world"}`, noCode: true, code: "Internal Server Error"},
		"error_that_is_no_oauth_code": {status: 400, body: `{"error":"Not<a>code"}`, noCode: true, code: "Bad Request"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			if tc.header != "" {
				h.Set("X-Amzn-ErrorType", tc.header)
			}
			err := ssoErrorAnswer(tc.status, h, []byte(tc.body))
			var notJSON *ssoNotJSONError
			if tc.notJSON {
				var garbled *smithy.DeserializationError
				if !errors.As(err, &garbled) || !errors.As(err, &notJSON) || notJSON.Status != tc.status {
					t.Fatalf("error = %#v, want an unreadable answer with status %d", err, tc.status)
				}
				if msg := ssoError("list accounts", err); !errors.Is(msg, ErrSSOBadAnswer) || Hint(msg) == "" ||
					strings.Contains(msg.Error(), "hotel") || !strings.Contains(msg.Error(), fmt.Sprint(tc.status)) {
					t.Errorf("ssoError = %v (hint %q), want a bad answer naming the status, not the page", msg, Hint(msg))
				}
				return
			}
			var api *smithy.GenericAPIError
			if !errors.As(err, &api) || api.Code != tc.code || (tc.message != "" && api.Message != tc.message) {
				t.Fatalf("error = %#v, want code %q message %q", err, tc.code, tc.message)
			}
			if tc.noCode && !strings.Contains(api.Message, fmt.Sprint(tc.status)) {
				t.Errorf("message %q does not name the status %d", api.Message, tc.status)
			}
		})
	}
}

func TestOAuthException(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"authorization_pending": "AuthorizationPendingException", "slow_down": "SlowDownException",
		"invalid_client_metadata": "InvalidClientMetadataException", "access_denied": "AccessDeniedException",
		"": "", "Slow_down": "", "slow__down": "", "slow-down": "", "_x": "",
	} {
		if got := oauthException(in); got != want {
			t.Errorf("oauthException(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSSOEndpoints(t *testing.T) {
	t.Parallel()
	v := &Vault{env: Env{}}
	for region, want := range map[string][2]string{
		"eu-west-1":     {"https://oidc.eu-west-1.amazonaws.com", "https://portal.sso.eu-west-1.amazonaws.com"},
		"cn-north-1":    {"https://oidc.cn-north-1.amazonaws.com.cn", "https://portal.sso.cn-north-1.amazonaws.com.cn"},
		"us-gov-west-1": {"https://oidc.us-gov-west-1.amazonaws.com", "https://portal.sso.us-gov-west-1.amazonaws.com"},
		"us-iso-east-1": {"https://oidc.us-iso-east-1.c2s.ic.gov", "https://portal.sso.us-iso-east-1.c2s.ic.gov"},
	} {
		if o, p := v.oidcClient(region).endpoint, v.portalClient(region).endpoint; o != want[0] || p != want[1] {
			t.Errorf("%s: endpoints %s, %s; want %s, %s", region, o, p, want[0], want[1])
		}
	}
	for name, tc := range map[string]struct {
		env          Env
		oidc, portal string
	}{
		"per_service": {Env{"AWS_ENDPOINT_URL_SSO_OIDC": "http://o", "AWS_ENDPOINT_URL_SSO": "http://p", "AWS_ENDPOINT_URL": "http://all"}, "http://o", "http://p"},
		"general":     {Env{"AWS_ENDPOINT_URL": "http://all"}, "http://all", "http://all"},
		"ignored": {Env{"AWS_ENDPOINT_URL_SSO_OIDC": "http://o", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"},
			"https://oidc.eu-west-1.amazonaws.com", "https://portal.sso.eu-west-1.amazonaws.com"},
	} {
		v := &Vault{env: tc.env}
		if o, p := v.oidcClient("eu-west-1").endpoint, v.portalClient("eu-west-1").endpoint; o != tc.oidc || p != tc.portal {
			t.Errorf("%s: endpoints %s, %s; want %s, %s", name, o, p, tc.oidc, tc.portal)
		}
	}
}

// ssoServer is an IAM Identity Center stand-in whose answers a test writes by hand, recording
// what each request carried.
type ssoServer struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
	answer   func(n int, w http.ResponseWriter, r *http.Request)
}

func newSSOServer(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) (*ssoServer, *Vault, *[]string) {
	t.Helper()
	s := &ssoServer{answer: answer}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.requests = append(s.requests, r)
		s.bodies = append(s.bodies, string(body))
		n := len(s.requests)
		s.mu.Unlock()
		s.answer(n, w, r)
	}))
	t.Cleanup(srv.Close)
	var debug []string
	v := New(NewStore(keyring.NewArrayKeyring(nil), nil), Options{
		Env:    Env{"AWS_ENDPOINT_URL_SSO_OIDC": srv.URL, "AWS_ENDPOINT_URL_SSO": srv.URL + "/"},
		Limits: CallLimits{MaxResponse: 4 << 10},
		Debug:  func(format string, args ...any) { debug = append(debug, fmt.Sprintf(format, args...)) },
	})
	return s, v, &debug
}

func (s *ssoServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// noBackoff keeps the SDK's rules of what is retried, without the waits.
func noBackoff(a *ssoAPI) {
	a.retryer = func() aws.RetryerV2 {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// The OIDC calls send the SDK's JSON and read its answers; the refresh grant sends no device
// code; --debug names each call, never a secret.
func TestOIDCRequestsAndAnswers(t *testing.T) {
	t.Parallel()
	s, v, debug := newSSOServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/client/register":
			writeJSON(w, 200, map[string]any{"clientId": "cid", "clientSecret": "csecret", "clientIdIssuedAt": 1, "clientSecretExpiresAt": 1900000000})
		case "/device_authorization":
			writeJSON(w, 200, map[string]any{"deviceCode": "dc", "userCode": "ABCD-EFGH", "verificationUri": "https://v",
				"verificationUriComplete": "https://v?user_code=ABCD-EFGH", "expiresIn": 600, "interval": 3})
		case "/token":
			writeJSON(w, 200, map[string]any{"accessToken": "at", "tokenType": "Bearer", "expiresIn": 28800, "refreshToken": "rt", "idToken": nil})
		}
	})
	ctx := context.Background()
	oidc := v.oidcClient("eu-west-1")
	reg, err := oidc.RegisterClient(ctx, oidcRegisterClientInput{ClientName: "vaultbar", ClientType: "public", Scopes: []string{"sso:account:access"}})
	if err != nil || reg.ClientID != "cid" || reg.ClientSecret != "csecret" || reg.ClientSecretExpiresAt != 1900000000 {
		t.Fatalf("RegisterClient = %+v, %v", reg, err)
	}
	dev, err := oidc.StartDeviceAuthorization(ctx, oidcStartDeviceInput{ClientID: "cid", ClientSecret: "csecret", StartURL: "https://x/start"})
	if err != nil || dev.DeviceCode != "dc" || dev.UserCode != "ABCD-EFGH" || dev.VerificationURIComplete != "https://v?user_code=ABCD-EFGH" ||
		dev.ExpiresIn != 600 || dev.Interval != 3 {
		t.Fatalf("StartDeviceAuthorization = %+v, %v", dev, err)
	}
	tok, err := oidc.CreateToken(ctx, oidcCreateTokenInput{ClientID: "cid", ClientSecret: "csecret", GrantType: grantRefreshToken, RefreshToken: "old"})
	if err != nil || tok.AccessToken != "at" || tok.RefreshToken != "rt" || tok.ExpiresIn != 28800 || tok.IDToken != "" {
		t.Fatalf("CreateToken = %+v, %v", tok, err)
	}
	wantBodies := []string{
		`{"clientName":"vaultbar","clientType":"public","scopes":["sso:account:access"]}`,
		`{"clientId":"cid","clientSecret":"csecret","startUrl":"https://x/start"}`,
		`{"clientId":"cid","clientSecret":"csecret","grantType":"refresh_token","refreshToken":"old"}`,
	}
	for i, r := range s.requests {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || s.bodies[i] != wantBodies[i] {
			t.Errorf("request %d: %s %s %q %s, want POST application/json %s", i, r.Method, r.URL.Path, r.Header.Get("Content-Type"), s.bodies[i], wantBodies[i])
		}
	}
	if len(*debug) != 3 || !strings.HasPrefix((*debug)[2], "aws: SSO OIDC CreateToken (eu-west-1) took ") {
		t.Errorf("debug = %q, want one line per call", *debug)
	}
	for _, line := range *debug {
		if strings.Contains(line, "csecret") || strings.Contains(line, "old") || strings.Contains(line, `"at"`) {
			t.Errorf("debug line %q holds a secret", line)
		}
	}
}

// The listings send the bearer token and the next token, and follow every page.
func TestPortalPaging(t *testing.T) {
	t.Parallel()
	pages := map[string]string{
		"":   `{"nextToken":"p2","accountList":[{"accountId":"1","accountName":"one","emailAddress":"1@x"}]}`,
		"p2": `{"nextToken":"p3","accountList":[{"accountId":"2","accountName":"two"}]}`,
		"p3": `{"nextToken":null,"accountList":[{"accountId":"3","accountName":"three"}]}`,
	}
	s, v, _ := newSSOServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-amz-sso_bearer_token") != "tok" {
			w.Header().Set("X-Amzn-ErrorType", "UnauthorizedException")
			w.WriteHeader(401)
			return
		}
		if r.URL.Path == "/assignment/roles" {
			_, _ = io.WriteString(w, `{"roleList":[{"roleName":"Admin","accountId":"`+r.URL.Query().Get("account_id")+`"}]}`)
			return
		}
		_, _ = io.WriteString(w, pages[r.URL.Query().Get("next_token")])
	})
	const startURL = "https://x.awsapps.com/start"
	if err := v.store.SetOIDCToken(startURL, OIDCToken{AccessToken: "tok", ExpiresIn: 3600}); err != nil {
		t.Fatal(err)
	}
	got, err := v.SSOAccounts(context.Background(), SSOSession{StartURL: startURL, Region: "eu-west-1"})
	if err != nil || len(got) != 3 || got[0] != (SSOAccount{"1", "one", "1@x"}) || got[2].Name != "three" {
		t.Fatalf("accounts = %+v, %v; want three from three pages", got, err)
	}
	if n := s.count(); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
	if q := s.requests[0].URL.RawQuery; q != "" {
		t.Errorf("first page query = %q, want none", q)
	}
	roles, err := v.portalClient("eu-west-1").ListAccountRoles(context.Background(), "tok", "123456789012", "")
	if err != nil || len(roles.RoleList) != 1 || roles.RoleList[0].RoleName != "Admin" || s.requests[3].URL.Query().Get("account_id") != "123456789012" {
		t.Errorf("ListAccountRoles = %+v, %v", roles, err)
	}
	_, err = v.portalClient("eu-west-1").ListAccounts(context.Background(), "wrong", "")
	if ssoAPICode(err) != "UnauthorizedException" {
		t.Errorf("wrong token: %v, want UnauthorizedException", err)
	}
}

// Role credentials go to the query, the token to the header; an answer larger than the
// call limit fails as too large, not as garbled JSON.
func TestPortalRoleCredentialsAndOversizedAnswer(t *testing.T) {
	t.Parallel()
	huge := false
	s, v, _ := newSSOServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if huge {
			_, _ = io.WriteString(w, `{"roleCredentials":{"accessKeyId":"`+strings.Repeat("A", 8<<10)+`"}}`)
			return
		}
		_, _ = io.WriteString(w, `{"roleCredentials":{"accessKeyId":"ASIA1","secretAccessKey":"s","sessionToken":"st","expiration":1900000000000}}`)
	})
	rc, err := v.portalClient("eu-west-1").GetRoleCredentials(context.Background(), "tok", "123456789012", "Dev")
	if err != nil || rc != (portalRoleCredentials{"ASIA1", "s", "st", 1900000000000}) {
		t.Fatalf("GetRoleCredentials = %+v, %v", rc, err)
	}
	r := s.requests[0]
	if r.Method != http.MethodGet || r.URL.Path != "/federation/credentials" || r.URL.Query().Get("account_id") != "123456789012" ||
		r.URL.Query().Get("role_name") != "Dev" || r.Header.Get("X-Amz-Sso_bearer_token") != "tok" {
		t.Errorf("request = %s %s %v", r.Method, r.URL, r.Header)
	}
	huge = true
	_, err = v.portalClient("eu-west-1").GetRoleCredentials(context.Background(), "tok", "123456789012", "Dev")
	var tooLarge *ResponseTooLargeError
	if !errors.As(err, &tooLarge) || !errors.Is(ssoError("get role", err), ErrSSOBadAnswer) {
		t.Errorf("oversized answer: %v, want ResponseTooLargeError", err)
	}
}

// Throttling and 5xx are retried as the SDK retries them (three attempts); an answer that
// says what is wrong is not.
func TestSSORetries(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		fail     func(w http.ResponseWriter)
		failures int
		calls    int
		code     string
	}{
		"throttled_then_ok": {func(w http.ResponseWriter) {
			writeJSON(w, 429, map[string]string{"__type": "TooManyRequestsException", "message": "slow"})
		}, 2, 3, ""},
		"proxy_502_every_time": {func(w http.ResponseWriter) {
			w.WriteHeader(502)
			_, _ = io.WriteString(w, "<html>bad gateway</html>")
		}, 5, 3, ""},
		"pending_is_an_answer": {func(w http.ResponseWriter) {
			w.Header().Set("X-Amzn-ErrorType", "AuthorizationPendingException")
			writeJSON(w, 400, map[string]string{"error": "authorization_pending"})
		}, 5, 1, "AuthorizationPendingException"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, v, _ := newSSOServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if n <= tc.failures {
					tc.fail(w)
					return
				}
				writeJSON(w, 200, map[string]any{"accessToken": "at", "expiresIn": 60})
			})
			oidc := v.oidcClient("eu-west-1")
			noBackoff(&oidc.ssoAPI)
			_, err := oidc.CreateToken(context.Background(), oidcCreateTokenInput{GrantType: grantDeviceCode, DeviceCode: "dc"})
			if n := s.count(); n != tc.calls {
				t.Errorf("calls = %d, want %d", n, tc.calls)
			}
			switch {
			case tc.failures < tc.calls && err != nil:
				t.Errorf("error = %v, want success after retries", err)
			case tc.code != "" && ssoAPICode(err) != tc.code:
				t.Errorf("error = %v, want %s", err, tc.code)
			case tc.failures >= tc.calls && err == nil:
				t.Errorf("no error after %d failures", tc.calls)
			}
		})
	}
}

// A region that is not a host name's label is refused before anything is sent.
func TestSSOInvalidRegion(t *testing.T) {
	t.Parallel()
	s, v, _ := newSSOServer(t, func(int, http.ResponseWriter, *http.Request) {})
	v.env = Env{}
	for _, region := range []string{"evil.example/x#", "eu west 1", "", "-eu-west-1"} {
		_, err := v.portalClient(region).GetRoleCredentials(context.Background(), "tok", "1", "r")
		if !errors.Is(err, ErrConfig) || Hint(err) == "" {
			t.Errorf("region %q: %v, want a config error with a hint", region, err)
		}
	}
	if n := s.count(); n != 0 {
		t.Errorf("requests = %d, want none", n)
	}
}
