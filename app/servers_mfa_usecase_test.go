package app

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/vault"
)

// clockWorld is newWorld whose app, vault and fake STS share one fake clock; edit changes the
// app's effects.
func clockWorld(t *testing.T, config string, edit func(*Effects)) (*world, *fakeaws.Clock) {
	t.Helper()
	w := newWorld(t, config)
	clock := fakeaws.NewClock(time.Now())
	w.fake.STS.Now = clock.Now
	fx := w.rec.effects()
	fx.Now = clock.Now
	if edit != nil {
		edit(&fx)
	}
	w.app = New(Options{Env: w.env, Effects: fx})
	return w, clock
}

// lockedBuffer is a stderr written by refresh goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// `serve -t CODE` where nothing can ask for the next code: once the session has expired,
// clients get an error, and stderr says why once, not on every retry.
func TestServeRefreshFailureIsSaidOnce(t *testing.T) {
	t.Parallel()
	var stderr lockedBuffer
	w, clock := clockWorld(t, aliceConfig, func(fx *Effects) {
		fx.Stderr = &stderr
		fx.PromptMFA = func(context.Context, vault.MFARequest) (string, error) {
			return "", errors.New("no terminal to ask on")
		}
	})
	w.addAlice()
	ctx := context.Background()
	w.fake.STS.SetMFA(aliceMFA, goodCode)
	r := Request{Profile: "alice", Overrides: vault.Overrides{MFAToken: goodCode, Duration: 15 * time.Minute}}
	s, err := w.app.StartServers(ctx, r, ServerSpec{ECS: true})
	must(t, err)
	t.Cleanup(func() { _ = s.Stop(ctx) })
	uri, auth := s.Vars[0].Value, map[string]string{"Authorization": s.Vars[1].Value}
	clock.Advance(16 * time.Minute)
	for i := range 4 { // a client polling while the refresh fails, 30 s apart
		if code := getJSON(t, uri, auth, nil); code != http.StatusBadGateway {
			t.Fatalf("GET %d after expiry: %d, want 502", i, code)
		}
		clock.Advance(31 * time.Second)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "cannot refresh the credentials of alice") || !strings.Contains(lines[0], "no terminal to ask on") {
		t.Errorf("stderr %q, want one line naming the profile and the reason", stderr.String())
	}
	if strings.Contains(stderr.String(), goodCode) {
		t.Errorf("stderr shows the code: %q", stderr.String())
	}
}

// `serve -t CODE` with a short session: the typed code is sent once. The refresh after the
// session expired asks for the device's next code instead of sending the spent one again, and
// the server goes on serving a fresh session.
func TestServeMFATokenIsUsedOnce(t *testing.T) {
	t.Parallel()
	w, clock := clockWorld(t, aliceConfig, nil)
	w.addAlice()
	ctx := context.Background()
	const typed = "654321"
	w.fake.STS.SetMFA(aliceMFA, typed)
	r := Request{Profile: "alice", Overrides: vault.Overrides{MFAToken: typed, Duration: 15 * time.Minute}}
	s, err := w.app.StartServers(ctx, r, ServerSpec{ECS: true})
	must(t, err)
	t.Cleanup(func() { _ = s.Stop(ctx) })
	uri, auth := s.Vars[0].Value, map[string]string{"Authorization": s.Vars[1].Value}
	var first, second ecsAnswer
	if code := getJSON(t, uri, auth, &first); code != http.StatusOK {
		t.Fatalf("first GET: %d", code)
	}

	w.fake.STS.SetMFA(aliceMFA, goodCode) // the device shows its next code; the prompt answers it
	clock.Advance(16 * time.Minute)
	if code := getJSON(t, uri, auth, &second); code != http.StatusOK {
		t.Fatalf("GET after the session expired: %d, want a fresh session", code)
	}
	exp, err := time.Parse(time.RFC3339, second.Expiration)
	must(t, err)
	if second.AccessKeyId == first.AccessKeyId || !exp.After(clock.Now()) {
		t.Errorf("after expiry got %s expiring %s (now %s), want a new session", second.AccessKeyId, exp, clock.Now())
	}
	var codes []string
	for _, c := range w.fake.STS.CallsFor("GetSessionToken") {
		codes = append(codes, c.Params.Get("TokenCode"))
	}
	if want := []string{typed, goodCode}; !slices.Equal(codes, want) {
		t.Errorf("TokenCodes sent to STS %q, want %q: the typed code once, then the prompted one", codes, want)
	}
	if prompts := w.rec.mfaPrompts(); len(prompts) != 1 {
		t.Errorf("MFA prompts %d, want 1 (the refresh)", len(prompts))
	}
}

// `serve --ec2` of a one-hour MFA session, polled by an IMDS client every minute for three
// hours: every credential it hands out has at least 20 minutes left (botocore extends
// anything with less by itself and signs with it after expiry), the keyring's cached session
// included.
func TestServeEC2HandsOutTwentyMinutes(t *testing.T) {
	t.Parallel()
	w, clock := clockWorld(t, aliceConfig, nil)
	w.addAlice()
	ctx := context.Background()
	s, err := w.app.StartServers(ctx, Request{Profile: "alice"}, ServerSpec{EC2Addr: "127.0.0.1:0"})
	must(t, err)
	t.Cleanup(func() { _ = s.Stop(ctx) })
	base := s.Vars[0].Value + "latest/meta-data/iam/security-credentials/"
	var role string
	if code := getJSON(t, base, nil, &role); code != http.StatusOK {
		t.Fatalf("role list: %d", code)
	}
	for end := clock.Now().Add(3 * time.Hour); clock.Now().Before(end); clock.Advance(time.Minute) {
		var got ecsAnswer
		if code := getJSON(t, base+strings.TrimSpace(role), nil, &got); code != http.StatusOK {
			t.Fatalf("at %s: %d", clock.Now(), code)
		}
		exp, err := time.Parse(time.RFC3339, got.Expiration)
		must(t, err)
		if left := exp.Sub(clock.Now()); left < 20*time.Minute {
			t.Fatalf("at %s handed out %s with %s left, want at least 20 minutes", clock.Now(), got.AccessKeyId, left)
		}
	}
	if n := len(w.fake.STS.CallsFor("GetSessionToken")); n > 3*60/35+2 {
		t.Errorf("%d sessions in 3 hours, want one per ~35 minutes", n)
	}
}
