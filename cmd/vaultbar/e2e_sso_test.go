package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/internal/fixture"
)

const ssoAccount = fixture.SSOAccount

// Three profiles of one sso-session (registered with scopes, so refresh tokens come too).
const ssoConfig = fixture.SSOConfig

// ssoWorld is a world with the SSO profiles, and a recording browser (the configured
// browser command) that logs its argv and follows the address it is given, as a browser
// does, to the fake's verification page. The test then plays the user who signs in there.
type ssoWorld struct {
	*world
	argvFile string
	vbEnv    []string
}

func newSSOWorld(t *testing.T, backend keyring.BackendType) *ssoWorld {
	t.Helper()
	e2e := &ssoWorld{world: newWorld(t, backend)}
	w := e2e.world
	w.writeConfig(ssoConfig)
	w.fake.SSO.AddAccount(ssoAccount, "dev", "dev@example.com", "Developer", "Operator", "ReadOnly")
	bin := filepath.Join(w.dir, "browser")
	e2e.argvFile = filepath.Join(w.dir, "browser-argv")
	script := "#!/bin/sh\necho \"$@\" >> " + e2e.argvFile + "\nexec curl -s -o /dev/null -L \"$1\"\n"
	must(t, os.WriteFile(bin, []byte(script), 0o755))
	cfgHome := filepath.Join(w.dir, "xdg-config")
	must(t, os.MkdirAll(filepath.Join(cfgHome, "vaultbar"), 0o700))
	settings, _ := json.Marshal(map[string]string{"browser": "custom", "browser_command": bin + " {{.URL}}"})
	must(t, os.WriteFile(filepath.Join(cfgHome, "vaultbar", "settings.json"), settings, 0o600))
	e2e.vbEnv = []string{"XDG_CONFIG_HOME=" + cfgHome, "AWS_ENDPOINT_URL_STS=" + w.fake.URL,
		"AWS_ENDPOINT_URL_SSO_OIDC=" + w.fake.SSOURL, "AWS_ENDPOINT_URL_SSO=" + w.fake.SSOURL}
	return e2e
}

// user plays the person at the browser: every verification page the browser opens is
// approved. It stops with the test.
func (s *ssoWorld) user() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.t.Cleanup(func() { cancel(); <-done })
	go func() {
		defer close(done)
		for {
			seen := len(s.fake.SSO.Calls(""))
			for _, v := range s.fake.SSO.Calls("DevicePage") {
				_ = s.fake.SSO.Approve(v.UserCode) // again for codes already used: a no-op
			}
			if s.fake.SSO.WaitForCalls(ctx, "", seen+1) != nil {
				return
			}
		}
	}()
}

// run runs a binary with the shared environment plus extra and returns stdout and stderr.
func (s *ssoWorld) run(bin string, extra []string, args ...string) (string, string, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append([]string{}, s.env...), extra...)
	cmd.Dir = s.dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		err = fmt.Errorf("%s %s: %w: %s", filepath.Base(bin), strings.Join(args, " "), err, errb.String())
	}
	return out.String(), errb.String(), err
}

func (s *ssoWorld) browserRuns() []string {
	b, err := os.ReadFile(s.argvFile)
	if os.IsNotExist(err) {
		return nil
	}
	must(s.t, err)
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// The first `vaultbar exec` of an SSO profile runs one device flow: the browser opens the
// verification page with the code, the user approves, the command gets the role
// credentials. Another profile of the same start URL and a second run sign in no more.
func TestE2ESSOSignsInOnceThroughTheBrowser(t *testing.T) {
	s := newSSOWorld(t, keyring.FileBackend)
	s.user()
	out, stderr := s.vbExec("sso-dev")
	id := envValue(out, "AWS_ACCESS_KEY_ID")
	if sess, ok := s.fake.STS.Session(id); !ok || sess.Action != "GetRoleCredentials" {
		t.Fatalf("exec sso-dev got %q, want the portal's role credentials", id)
	}
	visits := s.fake.SSO.Calls("DevicePage")
	if len(visits) != 1 || !strings.Contains(stderr, "to sign in, open ") || !strings.Contains(stderr, "check the code "+visits[0].UserCode) {
		t.Errorf("stderr %q, page visits %+v: want one sign-in line naming the code the browser saw", stderr, visits)
	}
	if runs := s.browserRuns(); len(runs) != 1 || !strings.HasPrefix(runs[0], "http://127.0.0.1:") {
		t.Errorf("browser runs = %q, want one, given a loopback address", runs)
	}
	s.vbExec("sso-ops")
	s.vbExec("sso-dev")
	if n := s.fake.SSO.Count("StartDeviceAuthorization"); n != 1 {
		t.Errorf("device flows = %d, want 1", n)
	}
	if n := len(s.browserRuns()); n != 1 {
		t.Errorf("browser runs = %d, want 1", n)
	}
	checkNoSSOSecretsIn(t, s.dir)
}

// vbExec runs `vaultbar exec PROFILE -- env` and returns stdout and stderr.
func (s *ssoWorld) vbExec(profile string) (string, string) {
	s.t.Helper()
	out, stderr, err := s.run(s.vaultbar, s.vbEnv, "exec", profile, "--", "env")
	if err != nil {
		s.t.Fatal(err)
	}
	return out, stderr
}

// checkNoSSOSecretsIn: no file outside the keyring holds a token or client secret.
func checkNoSSOSecretsIn(t *testing.T, dir string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(path, filepath.Join(dir, "keys")) {
			return nil
		}
		b, _ := os.ReadFile(path)
		for _, m := range []string{fakeaws.SSOAccessTokenMarker, fakeaws.SSORefreshTokenMarker, fakeaws.SSOClientSecretMarker} {
			if strings.Contains(string(b), m) {
				t.Errorf("%s holds an iam identity center secret", path)
			}
		}
		return nil
	})
}

// Ten concurrent `vaultbar exec` processes of three SSO profiles at a cold start make one
// device flow: the others wait for it (the cross-process lock) and reuse its token.
func TestE2ESSOConcurrentProcessesShareOneSignIn(t *testing.T) {
	s := newSSOWorld(t, keyring.FileBackend)
	s.user()
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Go(func() {
			profile := []string{"sso-dev", "sso-ops", "sso-read"}[i%3]
			out, _, err := s.run(s.vaultbar, s.vbEnv, "exec", profile, "--", "env")
			if err == nil && !strings.HasPrefix(envValue(out, "AWS_ACCESS_KEY_ID"), fakeaws.IssuedKeyPrefix) {
				err = fmt.Errorf("exec %s printed no role credentials", profile)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	for op, want := range map[string]int{"RegisterClient": 1, "StartDeviceAuthorization": 1, "GetRoleCredentials": 3} {
		if n := s.fake.SSO.Count(op); n != want {
			t.Errorf("%s calls = %d, want %d", op, n, want)
		}
	}
	if n := len(s.browserRuns()); n != 1 {
		t.Errorf("browser runs = %d, want 1", n)
	}
}

// An expired access token with a live refresh token is renewed with no browser and no
// sign-in line; once the refresh token is revoked, the next run signs in through the
// browser again, with one line that says why.
func TestE2ESSORefreshThenRevoked(t *testing.T) {
	s := newSSOWorld(t, keyring.FileBackend)
	s.user()
	s.vbExec("sso-dev")
	s.expireCachedToken()
	_, stderr := s.vbExec("sso-ops")
	if stderr != "" || len(s.browserRuns()) != 1 || s.fake.SSO.Count("StartDeviceAuthorization") != 1 {
		t.Errorf("refresh showed %q and ran the browser %d times, want nothing new", stderr, len(s.browserRuns()))
	}
	grants := s.fake.SSO.Calls("CreateToken")
	if g := grants[len(grants)-1].GrantType; g != fakeaws.GrantRefreshToken {
		t.Errorf("last CreateToken grant = %q, want the refresh token", g)
	}
	s.fake.SSO.RevokeRefreshTokens()
	s.expireCachedToken()
	_, stderr = s.vbExec("sso-read")
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 || !strings.Contains(stderr, "session has ended; to sign in, open ") {
		t.Errorf("stderr = %q, want one line saying the session ended and where to sign in", stderr)
	}
	if n := len(s.browserRuns()); n != 2 {
		t.Errorf("browser runs = %d, want 2", n)
	}
}

// expireCachedToken rewrites the cached token as expired an hour ago, as time would.
func (s *ssoWorld) expireCachedToken() {
	s.t.Helper()
	key := "oidc:https://corp.awsapps.com/start"
	item, err := s.kr.Get(key)
	must(s.t, err)
	var rec map[string]json.RawMessage
	must(s.t, json.Unmarshal(item.Data, &rec))
	rec["Expiration"], _ = json.Marshal(time.Now().Add(-time.Hour).UTC())
	item.Data, _ = json.Marshal(rec)
	must(s.t, s.kr.Set(item))
}

// After vaultbar signed in, aws-vault uses its token: no device flow, no OIDC call at all;
// after aws-vault signed in, vaultbar uses aws-vault's token.
func TestE2ESSOSharesTheSignInWithAWSVault(t *testing.T) {
	for _, backend := range []keyring.BackendType{keyring.FileBackend, keyring.SecretServiceBackend} {
		t.Run(string(backend), func(t *testing.T) {
			s := newSSOWorld(t, backend)
			s.user()
			s.vbExec("sso-dev")
			s.fake.SSO.Reset()
			out, _, err := s.run(s.awsVault, s.avEnv(), "exec", "sso-ops", "--", "env")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(envValue(out, "AWS_ACCESS_KEY_ID"), fakeaws.IssuedKeyPrefix) {
				t.Fatal("aws-vault exec sso-ops got no role credentials")
			}
			for _, op := range []string{"RegisterClient", "StartDeviceAuthorization", "CreateToken"} {
				if n := s.fake.SSO.Count(op); n != 0 {
					t.Errorf("aws-vault made %d %s calls after vaultbar signed in, want 0", n, op)
				}
			}
			if c := s.fake.SSO.Calls("GetRoleCredentials"); len(c) != 1 || !strings.HasPrefix(c[0].Host, "portal.sso.") {
				t.Errorf("aws-vault GetRoleCredentials calls = %+v, want one through the proxy", c)
			}

			// The other way round: aws-vault signs in (its browser is xdg-open), vaultbar reuses it.
			s.emptyKeyring()
			s.fake.SSO.Reset()
			if _, _, err := s.run(s.awsVault, s.avEnv(), "exec", "sso-read", "--", "env"); err != nil {
				t.Fatal(err)
			}
			if n := s.fake.SSO.Count("StartDeviceAuthorization"); n != 1 {
				t.Fatalf("aws-vault device flows = %d, want 1", n)
			}
			s.fake.SSO.Reset()
			out, stderr := s.vbExec("sso-dev")
			if envValue(out, "AWS_ACCESS_KEY_ID") == "" || stderr != "" || s.fake.SSO.Count("CreateToken")+s.fake.SSO.Count("StartDeviceAuthorization") != 0 {
				t.Errorf("vaultbar signed in again (stderr %q, %d OIDC calls) instead of using aws-vault's token", stderr, len(s.fake.SSO.Calls(""))-1)
			}
		})
	}
}

// avEnv reaches the fakes through the proxy, and gives aws-vault a browser (xdg-open) that
// follows the verification address through the proxy, as the user's browser would.
func (s *ssoWorld) avEnv() []string {
	bin := filepath.Join(s.dir, "xdg-bin")
	must(s.t, os.MkdirAll(bin, 0o755))
	script := "#!/bin/sh\necho \"$@\" >> " + s.argvFile + ".xdg\nexec curl -s -o /dev/null -L \"$1\"\n"
	must(s.t, os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755))
	return append(s.fake.Proxy.Env(), "PATH="+bin+":"+os.Getenv("PATH"))
}

// envValue is the value of name in `KEY=value` lines.
func envValue(out, name string) string {
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, name+"="); ok {
			return v
		}
	}
	return ""
}
