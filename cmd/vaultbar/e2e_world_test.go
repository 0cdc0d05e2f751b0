package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
)

// vaultbarBinary builds this command once per test process.
func vaultbarBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vaultbar-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		builtPath = filepath.Join(dir, "vaultbar")
		out, err := exec.Command("go", "build", "-o", builtPath, ".").CombinedOutput()
		if err != nil {
			buildErr = &buildFailure{out: string(out), err: err}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtPath
}

type buildFailure struct {
	out string
	err error
}

func (b *buildFailure) Error() string { return "go build: " + b.err.Error() + "\n" + b.out }

// world is one keyring backend shared by the real aws-vault CLI and the vaultbar binary,
// with a fake STS each reaches its own way: vaultbar through AWS_ENDPOINT_URL_STS, aws-vault
// (which predates that variable) through an intercepting HTTPS proxy.
type world struct {
	t         *testing.T
	dir       string
	fake      *fakeaws.Fake
	env       []string // shared by both tools
	vaultbar  string
	awsVault  string
	kr        keyring.Keyring // the same keyring, opened in-process to inspect raw items
	krBackend keyring.BackendType
	stsBehind atomic.Int64 // how far the fake STS's clock is behind real time, in ns
}

func newWorld(t *testing.T, backend keyring.BackendType) *world {
	t.Helper()
	w := &world{t: t, dir: t.TempDir(), awsVault: e2e.AWSVault(t), vaultbar: vaultbarBinary(t),
		fake: fakeaws.Start(t), krBackend: backend}
	// Sessions the fake issues expire after their duration counted from its clock: set
	// stsBehind to hand out sessions that are about to expire.
	w.fake.STS.Now = func() time.Time { return time.Now().Add(-time.Duration(w.stsBehind.Load())) }
	w.env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + w.dir,
		"AWS_CONFIG_FILE=" + filepath.Join(w.dir, "config"),
		"AWS_VAULT_BACKEND=" + string(backend),
		"DISPLAY=" + os.Getenv("DISPLAY"),
		"DBUS_SESSION_BUS_ADDRESS=" + os.Getenv("DBUS_SESSION_BUS_ADDRESS"),
		"XDG_RUNTIME_DIR=" + os.Getenv("XDG_RUNTIME_DIR"),
	}
	cfg := keyring.Config{ServiceName: "aws-vault", AllowedBackends: []keyring.BackendType{backend},
		LibSecretCollectionName: "awsvault"}
	if backend == keyring.FileBackend {
		cfg.FileDir = filepath.Join(w.dir, "keys")
		cfg.FilePasswordFunc = keyring.FixedStringPrompt("e2e-passphrase")
		w.env = append(w.env, "AWS_VAULT_FILE_DIR="+cfg.FileDir, "AWS_VAULT_FILE_PASSPHRASE=e2e-passphrase")
	}
	kr, err := keyring.Open(cfg)
	if err != nil {
		t.Fatalf("open %s keyring: %v", backend, err)
	}
	w.kr = kr
	w.emptyKeyring()
	t.Cleanup(w.emptyKeyring)
	return w
}

// emptyKeyring removes every item, so tests sharing the session's collection start clean.
func (w *world) emptyKeyring() {
	keys, err := w.kr.Keys()
	if err != nil {
		w.t.Fatalf("list keyring: %v", err)
	}
	for _, k := range keys {
		if err := w.kr.Remove(k); err != nil {
			w.t.Fatalf("empty keyring: %v", err)
		}
	}
}

func (w *world) writeConfig(s string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, "config"), []byte(s), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// runTool runs a binary with the shared environment plus extra, and returns stdout.
func (w *world) runTool(bin string, extra []string, args ...string) (string, error) {
	w.t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append([]string{}, w.env...), extra...)
	cmd.Dir = w.dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.String(), &toolFailure{name: filepath.Base(bin), args: args, stderr: errb.String(), err: err}
	}
	return out.String(), nil
}

type toolFailure struct {
	name   string
	args   []string
	stderr string
	err    error
}

func (f *toolFailure) Error() string {
	return f.name + " " + strings.Join(f.args, " ") + ": " + f.err.Error() + ": " + f.stderr
}

// vb runs vaultbar, pointed at the fake STS with the SDK's standard variable.
func (w *world) vb(args ...string) string {
	w.t.Helper()
	out, err := w.runTool(w.vaultbar, []string{"AWS_ENDPOINT_URL_STS=" + w.fake.URL}, args...)
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

// av runs the aws-vault CLI, which reaches the fake only through the HTTPS proxy.
func (w *world) av(args ...string) string {
	w.t.Helper()
	out, err := w.runTool(w.awsVault, w.fake.Proxy.Env(), args...)
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

// withKeys is the environment `add --env` reads.
func withKeys(id, secret string) []string {
	return []string{"AWS_ACCESS_KEY_ID=" + id, "AWS_SECRET_ACCESS_KEY=" + secret}
}

// httpGet fetches a loopback URL and returns the body of a 200 answer.
func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v: %s", url, resp.StatusCode, err, b)
	}
	return string(b)
}
