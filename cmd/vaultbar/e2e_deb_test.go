//go:build linux

package main

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/panel"
)

// systemPath is a login shell's PATH: the test's build directory is not on it, so the only
// vaultbar a launcher can find there is an installed one.
const systemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

const devRoleARN = "arn:aws:iam::333333333333:role/dev"

// The .deb as a user gets it: after `dpkg -i`, the system's desktop database names
// vaultbar.desktop as the vaultbar:// handler with no per-user setting, and
// `xdg-open vaultbar://console/dev` runs the installed /usr/bin/vaultbar, which hands the
// link to the running app: the recording browser gets the sign-in address for dev's role.
// `dpkg -r` then removes every file the package installed, and the scheme has no handler.
func TestE2EDebInstallOpensLinksAndRemovesCleanly(t *testing.T) {
	e2e.Require(t)
	e2e.Root(t)
	dpkg, xdgOpen, xdgMime := e2e.Tool(t, "dpkg"), e2e.Tool(t, "xdg-open"), e2e.Tool(t, "xdg-mime")
	e2e.Tool(t, "update-desktop-database") // desktop-file-utils: its dpkg trigger builds mimeinfo.cache
	if status, _ := exec.Command("dpkg-query", "-W", "-f=${db:Status-Status}", "vaultbar").Output(); len(status) > 0 && string(status) != "not-installed" {
		e2e.Refuse(t, "a vaultbar package is already %s on this system; this test installs and removes its own", status)
	}
	if p, err := lookPath("vaultbar", systemPath); err == nil {
		e2e.Refuse(t, "%s is on the system PATH; it would answer for the package's binary", p)
	}
	deb := e2e.Deb(t)

	a := startApp(t)
	a.w.writeConfig(appConfig + "\n[profile dev]\nsource_profile = bob\nrole_arn = " + devRoleARN + "\nregion = eu-west-1\n")
	a.item("dev", "Open console")
	env := withPath(a.cmd.Env, systemPath)
	env = append(env, "BROWSER=false") // without a handler xdg-open fails instead of trying browsers

	t.Cleanup(func() { // also after a failed or partial install
		if out, err := exec.Command(dpkg, "-r", "vaultbar").CombinedOutput(); err != nil {
			t.Errorf("cleanup: dpkg -r vaultbar: %v\n%s", err, out)
		}
	})
	runDpkg(t, dpkg, "-i", deb)
	owned := installedPaths(t, dpkg)

	query := exec.Command(xdgMime, "query", "default", "x-scheme-handler/vaultbar")
	query.Env = env
	if out, err := query.CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "vaultbar.desktop" {
		t.Fatalf("after dpkg -i, xdg-mime query default x-scheme-handler/vaultbar = %q, %v; want vaultbar.desktop", out, err)
	}
	if p, err := lookPath("vaultbar", systemPath); err != nil || p != "/usr/bin/vaultbar" {
		t.Fatalf("after dpkg -i, vaultbar on the system PATH is %q, %v; want /usr/bin/vaultbar", p, err)
	}

	open := exec.Command(xdgOpen, "vaultbar://console/dev")
	open.Env, open.Dir = env, a.w.dir
	must(t, <-runAsync(open))
	argv := a.browserArgv()
	resp, err := (&http.Client{Timeout: appWait, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(argv[0])
	must(t, err)
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, a.w.fake.SigninURL+"/") {
		t.Errorf("GET %s: %d to %q, want 302 to the sign-in fake %s", argv[0], resp.StatusCode, loc, a.w.fake.SigninURL)
	}
	if calls := a.w.fake.STS.CallsFor("AssumeRole"); len(calls) != 1 || calls[0].Params.Get("RoleArn") != devRoleARN {
		t.Errorf("AssumeRole calls %+v, want one for dev's role %s", calls, devRoleARN)
	}

	runDpkg(t, dpkg, "-r", "vaultbar")
	for _, p := range owned {
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			t.Errorf("after dpkg -r: %v", err)
		case !fi.IsDir():
			t.Errorf("after dpkg -r, %s is still there", p)
		case exec.Command("dpkg-query", "-S", p).Run() != nil:
			t.Errorf("after dpkg -r, directory %s is still there and no other package owns it", p)
		}
	}
	after := exec.Command(xdgOpen, "vaultbar://console/dev")
	after.Env, after.Dir = env, a.w.dir
	if err := <-runAsync(after); err == nil {
		t.Errorf("after dpkg -r, xdg-open vaultbar://console/dev still succeeded")
	}
}

// runDpkg runs dpkg, waiting while another apt or dpkg holds its lock (the machine is shared).
func runDpkg(t *testing.T, dpkg string, args ...string) {
	t.Helper()
	var out []byte
	var err error
	panel.Poll(t, 2*appWait, "dpkg "+strings.Join(args, " "), func() (bool, string) {
		out, err = exec.Command(dpkg, args...).CombinedOutput()
		locked := err != nil && strings.Contains(string(out), "lock")
		return !locked, string(out)
	})
	if err != nil {
		t.Fatalf("dpkg %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// installedPaths is `dpkg -L vaultbar`: every file and directory the package installed.
func installedPaths(t *testing.T, dpkg string) []string {
	t.Helper()
	out, err := exec.Command(dpkg, "-L", "vaultbar").Output()
	must(t, err)
	var paths []string
	for p := range strings.Lines(string(out)) {
		if p = strings.TrimSpace(p); p != "" && p != "/." {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		t.Fatal("dpkg -L vaultbar lists nothing after dpkg -i")
	}
	return paths
}

// lookPath finds file in the directories of path (exec.LookPath reads only $PATH).
func lookPath(file, path string) (string, error) {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, file)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}

// withPath is env with PATH replaced.
func withPath(env []string, path string) []string {
	out := []string{"PATH=" + path}
	for _, e := range env {
		if !strings.HasPrefix(e, "PATH=") {
			out = append(out, e)
		}
	}
	return out
}
