//go:build linux

package main

// The app's end-to-end tests run the real vaultbar binary with no arguments (the menu-bar
// app) in a world (file keyring in a temp HOME, fake STS and sign-in) and play the panel over
// D-Bus with internal/panel: a fake StatusNotifierWatcher receives the item, the tests read
// the menu with GetLayout and click with Event. They read the real clipboard with xclip,
// answer the zenity dialogs with xdotool and own org.freedesktop.Notifications to see the
// app's error notifications. They need scripts/session.sh (e2e.Require) and must not run at
// the same time as other packages' tray, dialog or clipboard tests (the Makefile runs the
// e2e packages one at a time).

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/godbus/dbus/v5"

	"github.com/vaultbar/vaultbar/desktop"
	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/internal/panel"
	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/tray"
)

const (
	appWait     = 20 * time.Second // for the app to react to a click, dialogs and STS included
	aliceSerial = "arn:aws:iam::111111111111:mfa/alice"
	roleARN     = "arn:aws:iam::222222222222:role/admin"
)

// The profiles: bob (keys, no MFA), bob-admin (a role sourced from bob), alice (keys, MFA)
// and nokeys (nothing stored).
const appConfig = `[profile bob]
region = eu-west-1

[profile bob-admin]
source_profile = bob
role_arn = ` + roleARN + `
region = eu-west-1

[profile alice]
mfa_serial = ` + aliceSerial + `
region = eu-west-1

[profile nokeys]
region = eu-west-1
`

// appRun is a running menu-bar app and the test's view of the desktop around it.
type appRun struct {
	t       *testing.T
	w       *world
	cmd     *exec.Cmd
	stderr  *syncBuffer
	conn    *dbus.Conn
	watcher *panel.Watcher // the fake panel's host, which later apps register with too
	menu    dbus.BusObject
	notes   *panel.Notifications
	argv    string // where the recording browser writes its command line
	state   string // XDG_STATE_HOME
	xclip   string
	xdotool string
	seen    map[int]bool // zenity pids already answered
	exited  chan error
	stopped bool
}

// stopNow ends the app before the test does.
func (a *appRun) stopNow() {
	a.stopped = true
	a.stop(a.exited)
}

// startApp starts vaultbar with no arguments, and env added to its environment (a NAME
// without "=" removes NAME), once the fake
// watcher and notification server are on the bus, waits for its item and returns once the
// menu lists bob's actions.
func startApp(t *testing.T, env ...string) *appRun {
	t.Helper()
	e2e.Require(t)
	a := &appRun{t: t, xclip: e2e.Tool(t, "xclip"), xdotool: e2e.Tool(t, "xdotool"), seen: map[int]bool{}}
	e2e.Tool(t, "zenity")
	a.w = newWorld(t, keyring.FileBackend)
	w := a.w
	w.writeConfig(appConfig)
	w.fake.STS.AddUser(bobKeyID, bobSecret, "bob")
	w.fake.STS.AddUser(aliceKeyID, aliceSecret, "alice")
	w.fake.STS.SetMFA(aliceSerial, "123456")
	mustRun(t)(w.runTool(w.vaultbar, withKeys(bobKeyID, bobSecret), "add", "--env", "bob"))
	mustRun(t)(w.runTool(w.vaultbar, withKeys(aliceKeyID, aliceSecret), "add", "--env", "alice"))

	cfgHome, runtime, data := filepath.Join(w.dir, "xdg-config"), filepath.Join(w.dir, "xdg-runtime"), filepath.Join(w.dir, "xdg-data")
	a.state = filepath.Join(w.dir, "xdg-state")
	for _, d := range []string{filepath.Join(cfgHome, "vaultbar"), runtime, data} {
		must(t, os.MkdirAll(d, 0o700))
	}
	a.argv = filepath.Join(w.dir, "browser-argv")
	browser := filepath.Join(w.dir, "record-browser")
	must(t, os.WriteFile(browser, []byte("#!/bin/sh\nprintf '%s\\n' \"$@\" > '"+a.argv+".tmp' && mv '"+a.argv+".tmp' '"+a.argv+"'\n"), 0o755))
	must(t, os.WriteFile(filepath.Join(cfgHome, "vaultbar", "settings.json"), []byte(`{
  "browser": "custom",
  "browser_command": "`+browser+` {{.URL}}",
  "clipboard_clear_after": "2s"
}
`), 0o600))

	// A private connection, closed after the app has stopped (cleanups run last-in first-out).
	conn, err := dbus.ConnectSessionBus()
	must(t, err)
	t.Cleanup(func() { conn.Close() })
	a.conn = conn
	watcher := panel.ClaimWatcher(t, conn)
	a.watcher = watcher
	a.notes = panel.ClaimNotifications(t, conn)

	a.cmd = exec.Command(w.vaultbar)
	a.cmd.Env = append(append([]string{}, w.env...),
		"AWS_ENDPOINT_URL_STS="+w.fake.URL, login.EnvSigninEndpoint+"="+w.fake.SigninURL,
		"AWS_ENDPOINT_URL_SSO_OIDC="+w.fake.SSOURL, "AWS_ENDPOINT_URL_SSO="+w.fake.SSOURL,
		"AWS_ENDPOINT_URL_IAM="+w.fake.IAMURL, // key ages are fetched when the menu opens
		"XDG_CONFIG_HOME="+cfgHome, "XDG_RUNTIME_DIR="+runtime, "XDG_DATA_HOME="+data, "XDG_STATE_HOME="+a.state)
	for _, e := range env { // NAME without "=" unsets NAME
		if !strings.Contains(e, "=") {
			a.cmd.Env = slices.DeleteFunc(a.cmd.Env, func(kv string) bool { return strings.HasPrefix(kv, e+"=") })
		}
	}
	a.cmd.Env = append(a.cmd.Env, slices.DeleteFunc(slices.Clone(env), func(e string) bool { return !strings.Contains(e, "=") })...)
	a.cmd.Dir = w.dir
	a.stderr = &syncBuffer{}
	a.cmd.Stdout, a.cmd.Stderr = a.stderr, a.stderr
	must(t, a.cmd.Start())
	exited := make(chan error, 1)
	a.exited = exited
	go func() { exited <- a.cmd.Wait() }()
	t.Cleanup(func() {
		if !a.stopped {
			a.stop(exited)
		}
	})

	var reg panel.Registration
	select {
	case reg = <-watcher.Registered():
	case err := <-exited:
		exited <- err
		t.Fatalf("vaultbar exited before its tray registered: %v\n%s", err, a.stderr)
	case <-time.After(appWait):
		t.Fatalf("vaultbar's tray never registered\n%s", a.stderr)
	}
	a.menu = panel.Menu(t, conn, reg)
	a.item("bob", "Copy env")
	return a
}

// stop ends the app with SIGTERM, by PID, and requires a clean exit.
func (a *appRun) stop(exited chan error) {
	t := a.t
	if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("SIGTERM vaultbar: %v", err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("vaultbar did not exit cleanly on SIGTERM: %v\n%s", err, a.stderr)
		}
	case <-time.After(appWait):
		_ = a.cmd.Process.Kill()
		<-exited
		t.Errorf("vaultbar did not exit within %v of SIGTERM\n%s", appWait, a.stderr)
	}
	if n := a.notes.All(); len(n) > 0 {
		t.Logf("notifications: %q", n)
	}
}

// profileNode finds a profile's submenu: its title is the name, alone or with a state suffix.
func profileNode(root panel.Node, name string) (panel.Node, bool) {
	for _, c := range root.Children {
		if c.Submenu && (c.Label == name || strings.HasPrefix(c.Label, name+" ")) {
			return c, true
		}
	}
	return panel.Node{}, false
}

// item waits for the entry at path in a profile's submenu ("" for the top level).
func (a *appRun) item(profile string, path ...string) panel.Node {
	a.t.Helper()
	var found panel.Node
	panel.Poll(a.t, appWait, fmt.Sprintf("%s > %s", profile, strings.Join(path, " > ")), func() (bool, string) {
		_, root := panel.Layout(a.t, a.menu)
		n := root
		if profile != "" {
			var ok bool
			if n, ok = profileNode(root, profile); !ok {
				return false, root.Describe() + a.notes.String()
			}
		}
		var ok bool
		found, ok = n.Find(path...)
		return ok && found.Enabled, root.Describe() + a.notes.String()
	})
	return found
}

func (a *appRun) click(profile string, path ...string) {
	a.t.Helper()
	panel.Click(a.t, a.menu, a.item(profile, path...).ID)
}

// waitTitle polls until profile's title satisfies ok and returns it.
func (a *appRun) waitTitle(profile, what string, ok func(string) bool) string {
	a.t.Helper()
	var title string
	panel.Poll(a.t, appWait, profile+"'s title "+what, func() (bool, string) {
		_, root := panel.Layout(a.t, a.menu)
		n, found := profileNode(root, profile)
		title = n.Label
		return found && ok(title), root.Describe() + a.notes.String()
	})
	return title
}

// clipboard returns the clipboard's text; "" when nobody holds it.
func (a *appRun) clipboard() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, a.xclip, "-o", "-selection", "clipboard").Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// waitClipboard polls until the clipboard holds text with all of want and returns it.
func (a *appRun) waitClipboard(want ...string) string {
	a.t.Helper()
	var got string
	panel.Poll(a.t, appWait, fmt.Sprintf("the clipboard to hold %q", want), func() (bool, string) {
		got = a.clipboard()
		for _, w := range want {
			if !strings.Contains(got, w) {
				return false, "clipboard: " + got + a.notes.String()
			}
		}
		return true, ""
	})
	return got
}

// exports parses `export K=V` lines.
func exports(s string) map[string]string {
	vars := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		if k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok && strings.HasPrefix(line, "export ") {
			vars[k] = v
		}
	}
	return vars
}

// dialog waits for a Vaultbar zenity window it has not answered yet and returns its id. Its
// title names the action ("Copy env for alice — MFA code") or is Vaultbar: the windows are
// found by their class, zenity, as only Vaultbar opens dialogs in the test's session.
func (a *appRun) dialog() string {
	wid, _ := a.dialogText()
	return wid
}

// dialogText waits for a dialog not seen before and returns its window and its text.
func (a *appRun) dialogText() (wid, text string) {
	a.t.Helper()
	panel.Poll(a.t, appWait, "a new "+desktop.Title+" dialog", func() (bool, string) {
		out, _ := exec.Command(a.xdotool, "search", "--onlyvisible", "--classname", "^zenity$").Output()
		for _, id := range strings.Fields(string(out)) {
			out, err := exec.Command(a.xdotool, "getwindowpid", id).Output()
			if err != nil {
				continue
			}
			pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
			if err != nil || a.seen[pid] {
				continue
			}
			a.seen[pid], wid = true, id
			cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
			args := strings.Split(string(cmdline), "\x00")
			if i := slices.Index(args, "--text"); i >= 0 && i+1 < len(args) {
				text = args[i+1]
			}
			return true, ""
		}
		return false, "windows: " + string(out) + a.notes.String()
	})
	return wid, text
}

// answer types text into the dialog wid, then presses key (Return, Escape).
func (a *appRun) answer(wid, text, key string) {
	a.t.Helper()
	a.xdo("windowfocus", "--sync", wid)
	if text != "" {
		a.xdo("type", "--delay", "1", "--", text)
	}
	a.xdo("key", key)
}

// The menu lists every profile with its state; bob › Copy env puts the session the fake STS
// issued on the clipboard and takes it off after clipboard_clear_after; a profile appended
// to the config shows within a second.
func TestE2EAppMenuCopyEnvAndReload(t *testing.T) {
	a := startApp(t)
	for _, p := range []struct{ name, title, state string }{
		{"bob", "bob · keys", "keys stored"},
		{"bob-admin", "bob-admin · ready via bob", "credentials via bob"},
		{"alice", "alice · needs MFA", "keys stored"},
		{"nokeys", "nokeys · no credentials", "no credentials"},
	} {
		n := a.item(p.name)
		if n.Label != p.title || len(n.Children) == 0 || n.Children[0].Label != p.state || n.Children[0].Enabled {
			t.Errorf("profile %s reads %q, first line %+v; want %q, disabled %q", p.name, n.Label, n.Children[:min(1, len(n.Children))], p.title, p.state)
		}
	}

	clicked := time.Now() // the copy comes after the click, the clearing 2s after the copy
	a.click("bob", "Copy env")
	vars := exports(a.waitClipboard("export AWS_ACCESS_KEY_ID=", "export AWS_SESSION_TOKEN="))
	sess, ok := a.w.fake.STS.Session(vars["AWS_ACCESS_KEY_ID"])
	if !ok || !strings.HasSuffix(sess.ARN, ":user/bob") || vars["AWS_SECRET_ACCESS_KEY"] == "" || vars["AWS_SESSION_TOKEN"] == "" {
		t.Errorf("clipboard has %v; the fake knows that key as %+v (found %v), want a session of user bob", vars, sess, ok)
	}
	// The next start remembers bob among the recent profiles.
	recent := filepath.Join(a.state, "vaultbar", "recent.json")
	panel.Poll(t, appWait, "bob saved as recent in "+recent, func() (bool, string) {
		b, err := os.ReadFile(recent)
		return strings.TrimSpace(string(b)) == `{"profiles":["bob"]}`, fmt.Sprintf("%q, %v", b, err)
	})
	panel.Poll(t, 2*time.Second+5*time.Second, "the clipboard to be cleared", func() (bool, string) {
		got := a.clipboard()
		return !strings.Contains(got, vars["AWS_ACCESS_KEY_ID"]), got
	})
	if held := time.Since(clicked); held < 2*time.Second {
		t.Errorf("the clipboard was cleared %v after the click, want at least clipboard_clear_after (2s)", held)
	}

	f, err := os.OpenFile(filepath.Join(a.w.dir, "config"), os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteString("\n[profile dave]\n")
	must(t, errors.Join(err, f.Close()))
	written := time.Now()
	// The promise is 1 s; it takes tens of milliseconds (file watch, no debounce), logged so a
	// creeping regression shows before it fails.
	panel.Poll(t, time.Second, "dave in the menu within 1s of the write", func() (bool, string) {
		_, root := panel.Layout(t, a.menu)
		_, ok := profileNode(root, "dave")
		return ok, root.Describe()
	})
	t.Logf("dave appeared %v after the config was written", time.Since(written).Round(time.Millisecond))

	// bob has keys only, so his config names no account: none shows until the menu opens
	// and the key-age fetch (IAM GetUser, the fake's user ARN) names it. Then his header and
	// bob-admin's (a role, whose own account it keeps) show theirs, and Copy account ID copies it.
	bobAccount := "Account " + fakeaws.Account + " · eu-west-1"
	if _, ok := a.item("bob").Find(bobAccount); ok {
		t.Fatalf("bob's header shows %q before the menu opened", bobAccount)
	}
	if call := a.menu.Call("com.canonical.dbusmenu.Event", 0, int32(0), "opened", dbus.MakeVariant(""), uint32(0)); call.Err != nil {
		t.Fatalf("opened event: %v", call.Err)
	}
	a.shown("bob", bobAccount)
	a.shown("bob-admin", "Account 222222222222 · role admin · eu-west-1")
	a.click("bob", "Copy account ID")
	a.waitClipboard(fakeaws.Account)
}

// shown waits for a shown line, enabled or not, in a profile's submenu.
func (a *appRun) shown(profile, label string) {
	a.t.Helper()
	panel.Poll(a.t, appWait, profile+" > "+label, func() (bool, string) {
		_, root := panel.Layout(a.t, a.menu)
		n, ok := profileNode(root, profile)
		if ok {
			_, ok = n.Find(label)
		}
		return ok, root.Describe() + a.notes.String()
	})
}

// browserArgv waits for the recording browser to run and requires one loopback URL as its
// arguments: the one-time address, never the sign-in token.
func (a *appRun) browserArgv() []string {
	t := a.t
	t.Helper()
	var argv []string
	panel.Poll(t, appWait, "the browser command to run", func() (bool, string) {
		b, err := os.ReadFile(a.argv)
		argv = strings.Fields(string(b))
		return err == nil, fmt.Sprint(err, a.notes.String())
	})
	if len(argv) != 1 || !regexp.MustCompile(`^http://127\.0\.0\.1:[0-9]+/`).MatchString(argv[0]) {
		t.Fatalf("the browser got %q, want one loopback URL", argv)
	}
	return argv
}

// The role › Open console starts the browser command with a one-time loopback address that
// redirects to the sign-in fake with a token for the role.
func TestE2EAppOpenConsole(t *testing.T) {
	a := startApp(t)
	a.click("bob-admin", "Open console")
	argv := a.browserArgv()
	client := &http.Client{Timeout: appWait, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(argv[0])
	must(t, err)
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, a.w.fake.SigninURL+"/") {
		t.Errorf("GET %s: %d to %q, want 302 to the sign-in fake %s", argv[0], resp.StatusCode, loc, a.w.fake.SigninURL)
	}
	calls := a.w.fake.STS.CallsFor("AssumeRole")
	if len(calls) != 1 || calls[0].Params.Get("RoleArn") != roleARN {
		t.Errorf("AssumeRole calls %+v, want one for %s", calls, roleARN)
	}
	if got := len(a.w.fake.Signin.Calls()); got != 1 {
		t.Errorf("the sign-in fake issued %d tokens, want 1", got)
	}
}

// bob › Start metadata server copies its variables; Debian's AWS CLI signs with the key it
// serves; Stop metadata server stops it.
func TestE2EAppMetadataServer(t *testing.T) {
	a := startApp(t)
	a.click("bob", "Start metadata server")
	vars := exports(a.waitClipboard("export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:", "export AWS_CONTAINER_AUTHORIZATION_TOKEN="))
	uri, token := vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"], vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
	env := []string{"AWS_CONTAINER_CREDENTIALS_FULL_URI=" + uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN=" + token,
		"AWS_EC2_METADATA_DISABLED=true", "AWS_METADATA_SERVICE_NUM_ATTEMPTS=1", "AWS_METADATA_SERVICE_TIMEOUT=2"}
	awsCLI(t, a.w, env, "sts", "get-caller-identity", "--endpoint-url", a.w.fake.URL)
	calls := a.w.fake.STS.CallsFor("GetCallerIdentity")
	if len(calls) != 1 {
		t.Fatalf("GetCallerIdentity calls %+v, want one", calls)
	}
	if sess, ok := a.w.fake.STS.Session(calls[0].AccessKeyID); !ok || !strings.HasSuffix(sess.ARN, ":user/bob") {
		t.Errorf("the AWS CLI signed with %s (%+v), want a session of bob", calls[0].AccessKeyID, sess)
	}
	if served := servedKey(t, uri, token); served != calls[0].AccessKeyID {
		t.Errorf("the AWS CLI signed with %s, the server serves %s", calls[0].AccessKeyID, served)
	}

	a.waitTitle("bob", "to say it serves", func(s string) bool { return s == "bob · server" })
	a.click("bob", "Stop metadata server")
	panel.Poll(t, appWait, "the server to refuse connections", func() (bool, string) {
		_, err := http.Get(uri)
		return errors.Is(err, syscall.ECONNREFUSED), fmt.Sprint(err)
	})
	a.item("bob", "Start metadata server")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, e2e.Tool(t, "/usr/bin/aws"), "sts", "get-caller-identity", "--endpoint-url", a.w.fake.URL)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + a.w.dir, "AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=", "AWS_DEFAULT_REGION=eu-west-1"}, env...)
	if out, err := cmd.CombinedOutput(); err == nil || ctx.Err() != nil {
		t.Errorf("the AWS CLI after Stop: %v (%v): %s; want it to fail", err, ctx.Err(), out)
	}
	if n := len(a.w.fake.STS.CallsFor("GetCallerIdentity")); n != 1 {
		t.Errorf("%d GetCallerIdentity calls after Stop, want still 1", n)
	}
}

// A running server whose session can no longer be refreshed says so, once, in plain words,
// and meanwhile keeps serving the session it holds while that is still valid. Credentials with
// no more than AWS_MIN_TTL left are refused when they arrive, so the server starts with a
// session just past it (AWS_MIN_TTL 59 s, a session with 61 s left): it is inside the server's
// refresh window at once, so the first request starts a refresh, and STS refuses bob's keys.
func TestE2EAppServerRefreshFailureNotifies(t *testing.T) {
	a := startApp(t, "AWS_MIN_TTL=59s")
	a.w.stsBehind.Store(int64(time.Hour - 61*time.Second)) // GetSessionToken's hour, less 61 s
	a.click("bob", "Start metadata server")
	vars := exports(a.waitClipboard("export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:", "export AWS_CONTAINER_AUTHORIZATION_TOKEN="))
	a.w.fake.STS.Fail("GetSessionToken", "InvalidClientTokenId", "The security token included in the request is invalid.", http.StatusForbidden)
	uri, token := vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"], vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
	started := servedKey(t, uri, token)
	requests := 0
	panel.Poll(t, appWait, "the failed refresh to be notified", func() (bool, string) {
		requests++
		if served := servedKey(t, uri, token); served != started { // a client keeps asking
			t.Fatalf("the server served %s, want the still-valid session %s", served, started)
		}
		return len(a.notes.All()) > 0, ""
	})
	n := a.notes.First(t, appWait)
	want := "AWS does not know the stored access key (deleted, deactivated or mistyped). Use Add credentials… to store current keys."
	if n.Summary != "The metadata server for bob can no longer refresh its credentials" || n.Body != want {
		t.Errorf("notification %q: %q; want the server named, the reason and the hint: %q", n.Summary, n.Body, want)
	}
	for range 20 {
		servedKey(t, uri, token)
	}
	// The start's call and one failed refresh: later ones wait 30 s, however many requests come.
	if got := len(a.w.fake.STS.CallsFor("GetSessionToken")); got != 2 {
		t.Errorf("%d GetSessionToken calls after %d requests, want 2: the start's and one failed refresh", got, requests+20)
	}
	if all := a.notes.All(); len(all) != 1 {
		t.Errorf("want exactly one notification, got%s", a.notes.String())
	}
}

// ecsGet makes one request to the ECS endpoint with token and returns its status and body.
func ecsGet(t *testing.T, uri, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, uri, nil)
	must(t, err)
	req.Header.Set("Authorization", token)
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(resp.Body)
	must(t, err)
	return resp.StatusCode, b.String()
}

// servedKey reads the access key the ECS endpoint serves.
func servedKey(t *testing.T, uri, token string) string {
	t.Helper()
	status, body := ecsGet(t, uri, token)
	m := regexp.MustCompile(`"AccessKeyId"\s*:\s*"([^"]+)"`).FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("GET %s: %d %s", uri, status, body)
	}
	return m[1]
}

// alice › Copy env asks for her MFA code: Escape calls nothing and notifies nothing; a wrong
// code is asked again with AWS's reason; the codes reach the fake STS exactly as typed.
func TestE2EAppMFA(t *testing.T) {
	a := startApp(t)
	aliceCalls := func() []string {
		var out []string
		for _, c := range a.w.fake.STS.Calls() {
			if c.AccessKeyID == aliceKeyID || c.Params.Get("SerialNumber") != "" {
				out = append(out, c.Action+" TokenCode="+c.Params.Get("TokenCode"))
			}
		}
		return out
	}

	a.click("alice", "Copy env")
	wid := a.dialog()
	a.waitTitle("alice", "to show it busy", func(s string) bool { return s == "alice "+tray.BusyMark }) // the dialog holds the effect
	a.answer(wid, "", "Escape")
	a.waitTitle("alice", "to be idle again", func(s string) bool { return s == "alice · needs MFA" }) // the effect returned
	if calls := aliceCalls(); len(calls) != 0 {
		t.Errorf("after Escape the fake STS got %q, want nothing", calls)
	}
	if n := a.notes.All(); len(n) != 0 {
		t.Errorf("after Escape the app notified %q, want nothing", n)
	}

	// A wrong code: the dialog asks again with AWS's reason, and the right code then works.
	a.click("alice", "Copy env")
	a.answer(a.dialog(), "111111", "Return")
	wid, text := a.dialogText()
	if !strings.Contains(text, "AWS rejected that code") || !strings.Contains(text, "profile alice") {
		t.Errorf("the second dialog says %q, want AWS's refusal and the question again", text)
	}
	a.answer(wid, "123456", "Return")
	vars := exports(a.waitClipboard("export AWS_ACCESS_KEY_ID=", "export AWS_SESSION_TOKEN="))
	want := []string{"GetSessionToken TokenCode=111111", "GetSessionToken TokenCode=123456"}
	if calls := aliceCalls(); !slices.Equal(calls, want) {
		t.Errorf("the fake STS got %q, want %q", calls, want)
	}
	panel.Poll(t, appWait, "the copy to be said", func() (bool, string) { return len(a.notes.All()) > 0, "" })
	if n := a.notes.All(); len(n) != 1 || n[0].Summary != "Copied env for alice" || n[0].Body != "Clears from the clipboard in 2 s." {
		t.Errorf("a code retried successfully notified %q, want only the copy said", n)
	}
	if sess, ok := a.w.fake.STS.Session(vars["AWS_ACCESS_KEY_ID"]); !ok || !strings.HasSuffix(sess.ARN, ":user/alice") {
		t.Errorf("the clipboard's key %s is %+v, want alice's session", vars["AWS_ACCESS_KEY_ID"], sess)
	}
}

// syncBuffer is a bytes.Buffer safe for the process's writes and the test's reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
