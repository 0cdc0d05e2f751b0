package packaging

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/app"
)

// The Raycast script commands and the action each opens.
var raycastScripts = map[string]string{
	"vaultbar-console.sh":          app.ActionConsole,
	"vaultbar-copy-env.sh":         app.ActionCopyEnv,
	"vaultbar-copy-console-url.sh": app.ActionCopyConsoleURL,
	"vaultbar-serve.sh":            app.ActionServe,
}

// raycastMeta reads the "# @raycast.key value" lines of a script.
func raycastMeta(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	meta := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "# @raycast."); ok {
			key, value, _ := strings.Cut(rest, " ")
			if _, dup := meta[key]; dup {
				t.Errorf("%s: @raycast.%s given twice", path, key)
			}
			meta[key] = value
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return meta
}

func TestRaycastScriptsMetadata(t *testing.T) {
	entries, err := os.ReadDir("raycast")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	for name := range raycastScripts {
		if !slices.Contains(names, name) {
			t.Errorf("raycast/%s is missing (have %v)", name, names)
		}
	}
	for _, name := range names {
		path := filepath.Join("raycast", name)
		if _, ok := raycastScripts[name]; !ok {
			t.Errorf("%s: not a known script command; add it to raycastScripts", path)
			continue
		}
		if info, err := os.Stat(path); err != nil || info.Mode().Perm()&0o111 != 0o111 {
			t.Errorf("%s: not executable (%v): Raycast runs script commands directly", path, err)
		}
		meta := raycastMeta(t, path)
		for key, want := range map[string]string{"schemaVersion": "1", "mode": "silent", "packageName": "Vaultbar"} {
			if meta[key] != want {
				t.Errorf("%s: @raycast.%s = %q, want %q", path, key, meta[key], want)
			}
		}
		for _, key := range []string{"title", "icon", "description"} {
			if meta[key] == "" {
				t.Errorf("%s: no @raycast.%s", path, key)
			}
		}
		var arg struct {
			Type, Placeholder string
			Optional          bool
		}
		if err := json.Unmarshal([]byte(meta["argument1"]), &arg); err != nil || arg.Type != "text" || arg.Placeholder != "profile" || arg.Optional {
			t.Errorf("%s: @raycast.argument1 %q (%v); want a required text argument with placeholder profile", path, meta["argument1"], err)
		}
		if strings.Contains(name, ".template.") {
			t.Errorf("%s: Raycast skips .template. files", path)
		}
	}
}

// runRaycast runs a script as Raycast does (executable, the argument as $1) with a PATH
// holding only an `open` that records its arguments and exits with openExit.
func runRaycast(t *testing.T, script, profile, openExit string) (opened []string, out string, err error) {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "open.log")
	stub := "#!/bin/bash\nprintf '%s\\0' \"$@\" >>\"$OPEN_LOG\"\nexit " + openExit + "\n"
	if err := os.WriteFile(filepath.Join(dir, "open"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	path, err := filepath.Abs(filepath.Join("raycast", script))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, profile)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + dir, "OPEN_LOG=" + log, "LANG=C.UTF-8", "HOME=" + dir}
	b, err := cmd.Output()
	if logged, rerr := os.ReadFile(log); rerr == nil {
		opened = strings.Split(strings.TrimSuffix(string(logged), "\x00"), "\x00")
	}
	return opened, string(b), err
}

func TestRaycastScriptsOpenLinks(t *testing.T) {
	profiles := []string{"dev", "team a & b", "café ☁", "it's \"quoted\" 100% $(open injected) `open x` +~" /* opened anything else: a command ran */, "-n"}
	for script, action := range raycastScripts {
		for _, profile := range profiles {
			opened, out, err := runRaycast(t, script, profile, "0")
			want := app.Link{Action: action, Profile: profile}.String() // the defaults (export, ecs) left out
			if err != nil || !slices.Equal(opened, []string{want}) {
				t.Errorf("%s %q: opened %q (%v); want exactly %q", script, profile, opened, stderrOf(err), want)
				continue
			}
			l, err := app.ParseLink(opened[0])
			if err != nil || l.Action != action || l.Profile != profile {
				t.Errorf("%s %q: the app reads %q as %+v, %v", script, profile, opened[0], l, err)
			}
			if !strings.HasSuffix(strings.TrimSpace(out), profile) {
				t.Errorf("%s %q: last line %q; Raycast's HUD should name the profile", script, profile, out)
			}
		}
	}
}

func TestRaycastScriptsFailClearly(t *testing.T) {
	for script := range raycastScripts {
		opened, out, err := runRaycast(t, script, "", "0")
		if err == nil || opened != nil || !strings.Contains(out, "profile name") {
			t.Errorf("%s with no profile: %v, opened %q, said %q; want a failure naming what is missing", script, err, opened, out)
		}
		// no app registered for vaultbar://: macOS's open fails
		_, out, err = runRaycast(t, script, "dev", "1")
		if err == nil || !strings.Contains(out, "Vaultbar is not installed") {
			t.Errorf("%s without Vaultbar.app: %v, said %q; want a failure saying so", script, err, out)
		}
	}
}
