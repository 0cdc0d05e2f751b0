package fakeaws_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

func sessionJSON(c *types.Credentials) string {
	b, _ := json.Marshal(map[string]string{"sessionId": *c.AccessKeyId, "sessionKey": *c.SecretAccessKey, "sessionToken": *c.SessionToken})
	return string(b)
}

func postSignin(t *testing.T, endpoint string, form url.Values) (int, string) {
	t.Helper()
	resp, err := http.PostForm(endpoint+"/federation", form)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestSigninRules(t *testing.T) {
	f, clk := start(t)
	ctx := context.Background()
	role, err := alice(f).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("s1")})
	if err != nil {
		t.Fatal(err)
	}
	chained, err := sessionClient(f, role.Credentials).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("s2")})
	if err != nil {
		t.Fatal(err)
	}
	gst, err := alice(f).GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	fed, err := alice(f).GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: aws.String("alice"), Policy: aws.String("{}")})
	if err != nil {
		t.Fatal(err)
	}
	longTerm := `{"sessionId":"` + aliceKey + `","sessionKey":"` + aliceSecret + `","sessionToken":"x"}`
	wrongSecret := strings.Replace(sessionJSON(role.Credentials), *role.Credentials.SecretAccessKey, "nope", 1)

	for _, tc := range []struct {
		name     string
		session  string
		duration string // "" = not sent
		want     int
	}{
		{"role from keys", sessionJSON(role.Credentials), "", 200},
		{"role from keys with duration", sessionJSON(role.Credentials), "43200", 200},
		{"duration too long", sessionJSON(role.Credentials), "43201", 400},
		{"duration too short", sessionJSON(role.Credentials), "899", 400},
		{"duration not a number", sessionJSON(role.Credentials), "1h", 400},
		{"chained role", sessionJSON(chained.Credentials), "", 200},
		{"chained role with duration", sessionJSON(chained.Credentials), "3600", 400},
		{"federation token", sessionJSON(fed.Credentials), "", 200},
		{"federation token with duration", sessionJSON(fed.Credentials), "3600", 400},
		{"session token", sessionJSON(gst.Credentials), "", 400},
		{"long-term keys", longTerm, "", 400},
		{"wrong secret", wrongSecret, "", 400},
		{"garbage", "{", "", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"Action": {"getSigninToken"}, "Session": {tc.session}}
			if tc.duration != "" {
				form.Set("SessionDuration", tc.duration)
			}
			status, body := postSignin(t, f.SigninURL, form)
			if status != tc.want {
				t.Fatalf("status %d, want %d: %s", status, tc.want, body)
			}
			if status == 200 && !strings.Contains(body, `"SigninToken":"fakesignintoken`) {
				t.Fatalf("body %s", body)
			}
			if strings.Contains(body, "fakesecret") || strings.Contains(body, "faketoken") {
				t.Fatalf("body echoes the credentials: %s", body)
			}
		})
	}
	calls := f.Signin.Calls()
	if len(calls) != 13 || calls[1].Params.Get("SessionDuration") != "43200" || !calls[1].SessionDurationSent || calls[0].SessionDurationSent {
		t.Fatalf("calls %+v", calls)
	}
	for _, c := range calls {
		if c.Params.Has("Session") {
			t.Fatal("the record keeps the credentials")
		}
	}

	// GET works too, and expired credentials are refused.
	q := url.Values{"Action": {"getSigninToken"}, "Session": {sessionJSON(role.Credentials)}}
	resp, err := http.Get(f.SigninURL + "/federation?" + q.Encode())
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET getSigninToken: %v %v", resp.StatusCode, err)
	}
	_ = resp.Body.Close()
	clk.Advance(2 * time.Hour)
	if status, _ := postSignin(t, f.SigninURL, q); status != 400 {
		t.Fatalf("expired: %d", status)
	}

	info, ok := f.Session(*chained.Credentials.AccessKeyId)
	if !ok || info.Action != "AssumeRole" || info.FromLongTermKeys || !strings.Contains(info.ARN, "assumed-role/admin/s2") {
		t.Fatalf("Session(chained) = %+v, %v", info, ok)
	}
	if info, ok := f.Session(*role.Credentials.AccessKeyId); !ok || !info.FromLongTermKeys {
		t.Fatalf("Session(role) = %+v, %v", info, ok)
	}
	if _, ok := f.Session(aliceKey); ok {
		t.Fatal("long-term keys reported as a session")
	}
}

func TestSigninLogoutTargets(t *testing.T) {
	f, _ := start(t)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for target, want := range map[string]int{
		f.SigninURL + "/console":                      302,
		"https://signin.aws.amazon.com/federation":    302,
		"https://eu-west-1.signin.aws.amazon.com/x":   302,
		"https://signin.aws.amazon.com.evil.example/": 400,
		"https://evil.example/":                       400,
		"http://signin.aws.amazon.com/":               400,
		"https://user@signin.aws.amazon.com/":         400,
		"javascript:alert(1)":                         400,
	} {
		resp, err := c.Get(f.SigninURL + "/oauth?Action=logout&redirect_uri=" + url.QueryEscape(target))
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("logout to %s: %d, want %d", target, resp.StatusCode, want)
		}
		if want == 302 && (resp.Header.Get("Location") != target || !strings.Contains(resp.Header.Get("Set-Cookie"), "aws-console=;")) {
			t.Errorf("logout to %s: Location %q, Set-Cookie %q", target, resp.Header.Get("Location"), resp.Header.Get("Set-Cookie"))
		}
	}
}

func TestSigninLoginCookie(t *testing.T) {
	f, _ := start(t)
	role, err := alice(f).AssumeRole(context.Background(), &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("s1")})
	if err != nil {
		t.Fatal(err)
	}
	_, body := postSignin(t, f.SigninURL, url.Values{"Action": {"getSigninToken"}, "Session": {sessionJSON(role.Credentials)}})
	var out struct{ SigninToken string }
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	link := f.SigninURL + "/federation?" + url.Values{"Action": {"login"}, "Issuer": {"t"},
		"Destination": {"https://console.aws.amazon.com/"}, "SigninToken": {out.SigninToken}}.Encode()
	resp, err := c.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	cookie := resp.Header.Get("Set-Cookie")
	if resp.StatusCode != 302 || resp.Header.Get("Location") != "/console?destination=https%3A%2F%2Fconsole.aws.amazon.com%2F" ||
		!strings.HasPrefix(cookie, "aws-console="+*role.Credentials.AccessKeyId) || !strings.Contains(cookie, "Max-Age=3600") {
		t.Fatalf("login: %d, Location %q, Set-Cookie %q", resp.StatusCode, resp.Header.Get("Location"), cookie)
	}
	resp, err = c.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("reused token: %d", resp.StatusCode)
	}
}
