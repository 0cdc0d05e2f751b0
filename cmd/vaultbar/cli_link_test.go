package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/control"
	"github.com/vaultbar/vaultbar/vault"
)

// linkApp stands in for the running app on a control socket in a temp XDG_RUNTIME_DIR and
// records the URL of every OpOpen it gets; it refuses URLs naming the profile "nobody".
type linkApp struct {
	mu   sync.Mutex
	urls []string
}

func (l *linkApp) handle(_ context.Context, op string, body json.RawMessage) (any, error) {
	var req app.OpenRequest
	if op != app.OpOpen || json.Unmarshal(body, &req) != nil {
		return nil, control.UnknownOp(op)
	}
	l.mu.Lock()
	l.urls = append(l.urls, req.URL)
	l.mu.Unlock()
	if req.URL == "vaultbar://console/nobody" {
		return nil, vault.WithHint(errors.New("no profile nobody"), "add it to ~/.aws/config")
	}
	return nil, nil
}

func (l *linkApp) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	got := l.urls
	l.urls = nil
	return got
}

// A vaultbar:// URL as the only argument (what `Exec=vaultbar %u` runs) does exactly what
// `vaultbar open URL` does: the same request to the running app, the same exit code and
// output, refusals and usage errors included. Other arguments are still commands.
func TestBareLinkIsOpen(t *testing.T) {
	t.Parallel()
	runtimeDir := t.TempDir()
	srv, err := control.Listen(context.Background(), filepath.Join(runtimeDir, "vaultbar"), control.ListenOptions{HintFunc: vault.Hint})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	l := &linkApp{}
	go func() { _ = srv.Serve(context.Background(), l.handle) }()

	c := newCLI(t, "")
	c.env["XDG_RUNTIME_DIR"] = runtimeDir
	for _, args := range [][]string{
		{"vaultbar://console/dev"},
		{"VaultBar://copy-env/dev?format=json"},
		{"vaultbar://console/nobody"},                   // the app's refusal, with its hint
		{"vaultbar://console/dev", "vaultbar://x/y"},    // usage: one URL
		{"vaultbar://console/dev", "--backend=nonsuch"}, // flags parse as open's
	} {
		bare := c.run("", args...)
		bareURLs := l.take()
		open := c.run("", append([]string{"open"}, args...)...)
		openURLs := l.take()
		if bare != open || !slices.Equal(bareURLs, openURLs) {
			t.Errorf("vaultbar %q: exit %d, %q, %q, sent %q; vaultbar open: exit %d, %q, %q, sent %q",
				args, bare.code, bare.out, bare.err, bareURLs, open.code, open.out, open.err, openURLs)
		}
		if args[0] == "vaultbar://console/dev" && len(args) == 1 && (bare.code != 0 || !slices.Equal(bareURLs, args)) {
			t.Errorf("vaultbar %s: exit %d (%s), the app got %q; want it opened", args[0], bare.code, bare.err, bareURLs)
		}
	}

	for _, arg := range []string{"vaultbarx://console/dev", "http://console/dev", "vaultbar:console/dev"} {
		if r := c.run("", arg); r.code != 2 {
			t.Errorf("vaultbar %s: exit %d, %q; want the unknown-command usage error", arg, r.code, r.err)
		}
	}
	if got := l.take(); len(got) != 0 {
		t.Errorf("arguments that are not vaultbar:// URLs reached the app: %q", got)
	}
}
