package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/login"
)

const consoleConfig = `[profile bob]
region = eu-west-1

[profile team-a]
source_profile = bob
role_arn = arn:aws:iam::222222222222:role/team-a
region = eu-west-1

[profile team-b]
source_profile = bob
role_arn = arn:aws:iam::333333333333:role/team-b
region = eu-west-1
`

// chromiumShim puts a `chromium` first on PATH that runs Debian's Chromium headless (as root
// it needs --no-sandbox) and leaves a marker when the browser has exited, cookies flushed.
func chromiumShim(t *testing.T, dir string) (binDir, doneDir string) {
	t.Helper()
	e2e.Tool(t, "chromium")
	binDir, doneDir = filepath.Join(dir, "shim"), filepath.Join(dir, "browser-exits")
	must(t, os.MkdirAll(binDir, 0o755))
	must(t, os.MkdirAll(doneDir, 0o755))
	script := `#!/bin/sh
/usr/lib/chromium/chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
  --disable-background-networking --disable-component-update --disable-sync --disable-default-apps \
  --disable-extensions --password-store=basic --metrics-recording-only --disable-breakpad \
  --dump-dom "$@" >/dev/null 2>&1
echo $? > "` + doneDir + `/$$"
`
	must(t, os.WriteFile(filepath.Join(binDir, "chromium"), []byte(script), 0o755))
	return binDir, doneDir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// waitFiles polls, within a deadline, until dir holds n files.
func waitFiles(t *testing.T, dir string, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		entries, _ := os.ReadDir(dir)
		if len(entries) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d browser runs finished within 30s", len(entries), n)
		}
		time.Sleep(20 * time.Millisecond) // polling a directory; no event to wait on
	}
}

// argvWatch records every command line seen on the machine while it runs.
type argvWatch struct {
	mu     sync.Mutex
	seen   map[string]bool
	cancel context.CancelFunc
	done   chan struct{}
}

func watchArgv() *argvWatch {
	ctx, cancel := context.WithCancel(context.Background())
	w := &argvWatch{seen: map[string]bool{}, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			w.scan()
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

func (w *argvWatch) scan() {
	files, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil || len(b) == 0 {
			continue
		}
		line := strings.ReplaceAll(string(b), "\x00", " ")
		w.mu.Lock()
		w.seen[line] = true
		w.mu.Unlock()
	}
}

func (w *argvWatch) stop() []string {
	w.cancel()
	<-w.done
	var out []string
	for l := range w.seen {
		out = append(out, l)
	}
	return out
}

// cookieNames lists the cookies a Chromium profile directory stores for 127.0.0.1.
func cookieNames(t *testing.T, profileDir string) []string {
	t.Helper()
	sqlite := e2e.Tool(t, "sqlite3")
	var names []string
	for _, db := range []string{filepath.Join(profileDir, "Network", "Cookies"), filepath.Join(profileDir, "Cookies")} {
		if _, err := os.Stat(db); err != nil {
			continue
		}
		out, err := exec.Command(sqlite, "-readonly", db, "select name from cookies where host_key = '127.0.0.1'").Output()
		if err != nil {
			t.Fatalf("read %s: %v", db, err)
		}
		names = append(names, strings.Fields(string(out))...)
	}
	return names
}

// `vaultbar console` for two AWS profiles lands each in its own Chromium profile: the console
// cookie of one is absent from the other's store, the browser only ever saw the one-time
// loopback address, and no command line on the machine showed the sign-in token.
func TestE2EConsoleIsolatesProfilesInChromium(t *testing.T) {
	w, env, data, exits := consoleWorld(t)
	profileDir := func(p string) string {
		return filepath.Join(data, "vaultbar", "browsers", "chromium", login.SafeProfileName(p))
	}

	watch := watchArgv()
	open := func(profile string, runs int) {
		t.Helper()
		mustRun(t)(w.runTool(w.vaultbar, env, "console", profile, "--browser=chromium"))
		waitFiles(t, exits, runs)
	}
	open("team-a", 1)
	if got := cookieNames(t, profileDir("team-a")); len(got) != 1 || got[0] != fakeaws.ConsoleCookie {
		t.Errorf("team-a's profile stores cookies %q, want the console cookie", got)
	}
	if got := cookieNames(t, profileDir("team-b")); len(got) != 0 {
		t.Errorf("team-b's profile stores cookies %q before it was ever used", got)
	}
	open("team-b", 2)
	open("team-a", 3)
	argvs := watch.stop()

	logins := w.fake.Signin.Logins()
	if len(logins) != 3 {
		t.Fatalf("logins = %+v, want 3", logins)
	}
	if !strings.Contains(logins[0].ARN, "team-a") || !strings.Contains(logins[1].ARN, "team-b") || !strings.Contains(logins[2].ARN, "team-a") {
		t.Errorf("logins went to %s, %s, %s; want team-a, team-b, team-a", logins[0].ARN, logins[1].ARN, logins[2].ARN)
	}
	if logins[1].PriorSession != "" {
		t.Errorf("team-b's browser profile carried a console cookie (%s) from another profile", logins[1].PriorSession)
	}
	if logins[2].PriorSession != logins[0].AccessKeyID {
		t.Errorf("team-a's second login carried %q, want its first session %s (kept in its own profile)", logins[2].PriorSession, logins[0].AccessKeyID)
	}
	for _, hit := range w.fake.Signin.ConsoleHits() {
		if !hit.SignedIn || !strings.Contains(hit.Destination, "eu-west-1") {
			t.Errorf("console page hit %+v, want signed in, in eu-west-1", hit)
		}
	}
	for _, c := range w.fake.Signin.Calls() {
		if !c.SessionDurationSent {
			t.Errorf("getSigninToken without SessionDuration for a role assumed with long-term keys: %+v", c.Params)
		}
	}
	checkArgvs(t, argvs, profileDir("team-a"))
}

// checkArgvs: the browser got only loopback addresses; nothing ever showed a sign-in token.
func checkArgvs(t *testing.T, argvs []string, profileA string) {
	t.Helper()
	sawBrowser := false
	for _, a := range argvs {
		if strings.Contains(a, "SigninToken") || strings.Contains(a, fakeaws.SigninTokenMarker) || strings.Contains(a, "Action=login") {
			t.Errorf("a command line showed the sign-in: %q", a)
		}
		if strings.Contains(a, "/usr/lib/chromium/chromium") && strings.Contains(a, "--profile-directory="+filepath.Base(profileA)) {
			sawBrowser = true
			if !strings.Contains(a, "http://127.0.0.1:") {
				t.Errorf("the browser was not given the loopback address: %q", a)
			}
		}
	}
	if !sawBrowser {
		t.Errorf("never saw Chromium started for team-a among %d command lines", len(argvs))
	}
}

// consoleWorld is a world with bob's keys stored, the consoleConfig profiles, and the
// environment under which `vaultbar console` starts the recording Chromium shim (browser data
// in data, one file in exits per browser that has quit) against the fake STS and sign-in.
func consoleWorld(t *testing.T) (w *world, env []string, data, exits string) {
	t.Helper()
	w = newWorld(t, keyring.FileBackend)
	w.writeConfig(consoleConfig)
	w.fake.STS.AddUser(bobKeyID, bobSecret, "bob")
	mustRun(t)(w.runTool(w.vaultbar, withKeys(bobKeyID, bobSecret), "add", "--env", "bob"))
	shim, exits := chromiumShim(t, w.dir)
	data = filepath.Join(w.dir, "data")
	env = []string{"PATH=" + shim + ":" + os.Getenv("PATH"), "XDG_DATA_HOME=" + data,
		"AWS_ENDPOINT_URL_STS=" + w.fake.URL, login.EnvSigninEndpoint + "=" + w.fake.SigninURL}
	return w, env, data, exits
}
