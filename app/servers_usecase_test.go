package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/vault"
)

// getJSON GETs url with headers and decodes a JSON answer; the status is returned too.
func getJSON(t *testing.T, url string, header map[string]string, into any) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	must(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	must(t, err)
	if into != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, into); err != nil {
			if s, ok := into.(*string); ok {
				*s = string(body)
			} else {
				t.Fatalf("GET %s: %v in %q", url, err, body)
			}
		}
	}
	return resp.StatusCode
}

type ecsAnswer struct{ AccessKeyId, SecretAccessKey, Token, Expiration string }

// The menu's ECS server: starting it copies the two variables that reach it; a client with
// the token gets the profile's credentials and one without is refused; after Stop it is gone.
func TestStartServerECSAnswersAndStops(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	ctx := context.Background()
	kind, addr, err := w.app.StartServer(ctx, "admin", "")
	must(t, err)
	copied := w.rec.lastCopy()
	uri, token := envValue(copied, "AWS_CONTAINER_CREDENTIALS_FULL_URI"), envValue(copied, "AWS_CONTAINER_AUTHORIZATION_TOKEN")
	if kind != ECS || !strings.HasPrefix(uri, "http://"+addr) || token == "" {
		t.Fatalf("StartServer = %s %s, copied %q", kind, addr, copied)
	}
	var got ecsAnswer
	if code := getJSON(t, uri, map[string]string{"Authorization": token}, &got); code != http.StatusOK ||
		!strings.Contains(got.Token, fakeaws.TokenMarker) || got.AccessKeyId == "" || got.AccessKeyId == aliceKeyID {
		t.Errorf("GET with the token: %d %+v, want admin's session", code, got)
	}
	if code := getJSON(t, uri, nil, nil); code != http.StatusUnauthorized {
		t.Errorf("GET without the token: %d, want 401", code)
	}
	if prompts := w.rec.mfaPrompts(); len(prompts) != 1 {
		t.Errorf("MFA prompts %d, want one, at start", len(prompts))
	}

	must(t, w.app.CopyServerEnv(ctx, "admin"))
	if again := w.rec.lastCopy(); again != copied {
		t.Errorf("CopyServerEnv copied %q, want %q", again, copied)
	}
	must(t, w.app.StopServer(ctx, "admin"))
	if _, err := http.Get(uri); err == nil {
		t.Error("the server still answers after StopServer")
	}
	err = w.app.CopyServerEnv(ctx, "admin")
	if err == nil || vault.Hint(err) == "" {
		t.Errorf("CopyServerEnv after stop = %v, want an error with a hint", err)
	}
	must(t, w.app.StopServer(ctx, "admin")) // none running is no error
}

// Starting a server for a profile that has one replaces it: the old one stops.
func TestStartServerReplacesTheRunningOne(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	ctx := context.Background()
	_, _, err := w.app.StartServer(ctx, "alice", ECS)
	must(t, err)
	oldURI := envValue(w.rec.lastCopy(), "AWS_CONTAINER_CREDENTIALS_FULL_URI")
	kind, addr, err := w.app.StartServer(ctx, "alice", EC2)
	must(t, err)
	t.Cleanup(func() { _ = w.app.StopServer(ctx, "alice") })
	endpoint := envValue(w.rec.lastCopy(), "AWS_EC2_METADATA_SERVICE_ENDPOINT")
	if kind != EC2 || endpoint != "http://"+addr+"/" {
		t.Errorf("EC2 start = %s %s, copied endpoint %q", kind, addr, endpoint)
	}
	if _, err := http.Get(oldURI); err == nil {
		t.Error("the replaced ECS server still answers")
	}
	var role string
	if code := getJSON(t, endpoint+"latest/meta-data/iam/security-credentials/", nil, &role); code != http.StatusOK || role == "" {
		t.Errorf("EC2 role list: %d %q", code, role)
	}
}

// A server for a profile that does not exist starts nothing and copies nothing; without a
// clipboard the menu cannot start one.
func TestStartServerFailures(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	ctx := context.Background()
	if _, _, err := w.app.StartServer(ctx, "ghost", ECS); !errors.Is(err, vault.ErrProfileNotFound) {
		t.Errorf("StartServer(ghost) = %v", err)
	}
	if _, _, err := w.app.StartServer(ctx, "alice", ECS); err == nil { // no keys stored
		t.Error("StartServer without keys succeeded")
	}
	if got := w.rec.lastCopy(); got != "" {
		t.Errorf("copied %q after failures", got)
	}
	if w.app.serving("alice") {
		t.Error("a failed start left a server listed")
	}
	if _, _, err := New(Options{Env: w.env}).StartServer(ctx, "alice", ECS); !errors.Is(err, ErrUnavailable) {
		t.Errorf("without a clipboard: %v", err)
	}
}

// `vaultbar serve`: an IMDSv2-only EC2 server and an ECS server on one source; Wait returns
// when its context ends, and Stop closes both.
func TestStartServersWaitStop(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	ctx := context.Background()
	s, err := w.app.StartServers(ctx, Request{Profile: "alice"}, ServerSpec{ECS: true, EC2Addr: "127.0.0.1:0", IMDSv2Only: true})
	must(t, err)
	if len(s.List) != 2 || s.Profile.Name != "alice" {
		t.Fatalf("servers %d for %s", len(s.List), s.Profile.Name)
	}
	vars := map[string]string{}
	for _, v := range s.Vars {
		vars[v.Name] = v.Value
	}
	ec2 := vars["AWS_EC2_METADATA_SERVICE_ENDPOINT"]
	if code := getJSON(t, ec2+"latest/meta-data/iam/security-credentials/", nil, nil); code != http.StatusUnauthorized {
		t.Errorf("IMDSv1 request to an IMDSv2-only server: %d, want 401", code)
	}
	req, err := http.NewRequest(http.MethodPut, ec2+"latest/api/token", nil)
	must(t, err)
	req.Header.Set("X-Aws-Ec2-Metadata-Token-Ttl-Seconds", "60")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	tok, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var role string
	if code := getJSON(t, ec2+"latest/meta-data/iam/security-credentials/", map[string]string{"X-Aws-Ec2-Metadata-Token": string(tok)}, &role); code != http.StatusOK {
		t.Fatalf("IMDSv2 role list: %d", code)
	}
	var creds ecsAnswer
	if code := getJSON(t, ec2+"latest/meta-data/iam/security-credentials/"+strings.TrimSpace(role),
		map[string]string{"X-Aws-Ec2-Metadata-Token": string(tok)}, &creds); code != http.StatusOK || !strings.Contains(creds.Token, fakeaws.TokenMarker) {
		t.Errorf("IMDSv2 credentials: %d %+v", code, creds)
	}
	var ecs ecsAnswer
	if code := getJSON(t, vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"], map[string]string{"Authorization": vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"]}, &ecs); code != http.StatusOK || ecs.AccessKeyId != creds.AccessKeyId {
		t.Errorf("ECS answered %d %+v, want the same session as EC2", code, ecs)
	}

	waitCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Wait(waitCtx) }()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Wait after cancel = %v, want nil", err)
	}
	must(t, s.Stop(ctx))
	if _, err := http.Get(ec2); err == nil {
		t.Error("EC2 server answers after Stop")
	}
}

// A busy address fails the start with nothing left running.
func TestStartServersBusyAddress(t *testing.T) {
	t.Parallel()
	w := newWorld(t, aliceConfig)
	w.addAlice()
	ctx := context.Background()
	s, err := w.app.StartServers(ctx, Request{Profile: "alice"}, ServerSpec{ECS: true})
	must(t, err)
	t.Cleanup(func() { _ = s.Stop(ctx) })
	busy := strings.TrimPrefix(s.List[0].URL(), "http://")
	if _, err := w.app.StartServers(ctx, Request{Profile: "alice"}, ServerSpec{EC2Addr: busy}); err == nil {
		t.Error("EC2 server on a busy address started")
	}
	if _, err := w.app.StartServers(ctx, Request{Profile: "alice"}, ServerSpec{ECS: true, ECSAddr: busy}); err == nil {
		t.Error("ECS server on a busy address started")
	}
}
