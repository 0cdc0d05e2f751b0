package packaging

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/fakeaws"
)

// infoPlist is the part of the workflow's info.plist the tests read.
type infoPlist struct {
	BundleID string `json:"bundleid"`
	Name     string
	Objects  []struct {
		UID, Type string
		Config    map[string]any
	}
	Connections map[string][]struct {
		DestinationUID  string
		Modifiers       int
		ModifierSubtext string
	}
	UIData    map[string]struct{ XPos, YPos *int }
	Variables map[string]any
	UserConf  []any `json:"userconfigurationconfig"`
}

// workflow is a packed .alfredworkflow, unpacked into Dir.
type workflow struct {
	Dir   string
	Names []string // the zip's entries in order
	Plist infoPlist
}

// packWorkflow packs alfred/ with the command `make alfred` runs and unpacks the result the
// way Alfred installs it; info.plist is read by Python's plistlib, a real plist parser.
func packWorkflow(t *testing.T) workflow {
	t.Helper()
	python := e2e.Tool(t, "python3")
	tmp := t.TempDir()
	out := filepath.Join(tmp, "Vaultbar.alfredworkflow")
	cmd := exec.Command("go", "run", "./internal/alfredpack", "-o", out, "packaging/alfred")
	cmd.Dir = ".."
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pack the workflow: %v\n%s", err, b)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatalf("the .alfredworkflow is not a zip: %v", err)
	}
	defer zr.Close()
	w := workflow{Dir: filepath.Join(tmp, "installed")}
	for _, f := range zr.File {
		w.Names = append(w.Names, f.Name)
		data := readZipFile(t, f)
		path := filepath.Join(w.Dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, f.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
		if f.Name == "info.plist" {
			parse := exec.Command(python, "-c", "import json, plistlib, sys; json.dump(plistlib.loads(sys.stdin.buffer.read()), sys.stdout)")
			parse.Stdin = bytes.NewReader(data)
			js, err := parse.Output()
			if err != nil {
				t.Fatalf("plistlib cannot read info.plist: %v", stderrOf(err))
			}
			if err := json.Unmarshal(js, &w.Plist); err != nil {
				t.Fatalf("info.plist as JSON: %v\n%s", err, js)
			}
		}
	}
	return w
}

func readZipFile(t *testing.T, f *zip.File) []byte {
	t.Helper()
	r, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s in the zip: %v", f.Name, err)
	}
	return b
}

// stderrOf is err with the stderr of the command that failed, "" for nil.
func stderrOf(err error) string {
	if err == nil {
		return ""
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return err.Error() + ": " + string(ee.Stderr)
	}
	return err.Error()
}

// object is the plist object of the given type; exactly one must exist.
func (w workflow) object(t *testing.T, typ string) (uid string, config map[string]any) {
	t.Helper()
	found := 0
	for _, o := range w.Plist.Objects {
		if o.Type == typ {
			uid, config = o.UID, o.Config
			found++
		}
	}
	if found != 1 {
		t.Fatalf("info.plist has %d objects of type %s, want 1", found, typ)
	}
	return uid, config
}

func TestAlfredWorkflowPackage(t *testing.T) {
	w := packWorkflow(t)
	if !slices.Contains(w.Names, "info.plist") || !slices.Contains(w.Names, "list.sh") || !slices.Contains(w.Names, "icon.png") {
		t.Errorf("zip entries %v; want info.plist, list.sh and icon.png at the root", w.Names)
	}
	if p := w.Plist; p.BundleID != "dev.vaultbar.alfred" || p.Name != "Vaultbar" {
		t.Errorf("bundleid %q, name %q", p.BundleID, p.Name)
	}
	if len(w.Plist.Variables) != 0 || len(w.Plist.UserConf) != 0 {
		t.Errorf("workflow variables %v / configuration %v: nothing should need editing after import", w.Plist.Variables, w.Plist.UserConf)
	}
	filter, fc := w.object(t, "alfred.workflow.input.scriptfilter")
	for key, want := range map[string]any{"keyword": "aws", "argumenttype": 1.0, "alfredfiltersresults": true,
		"type": 0.0, "scriptargtype": 1.0, "script": `exec /bin/bash ./list.sh "$1"`} {
		if fc[key] != want {
			t.Errorf("script filter %s = %v, want %v", key, fc[key], want)
		}
	}
	open, oc := w.object(t, "alfred.workflow.action.openurl")
	if oc["url"] != "{query}" || oc["skipqueryencode"] != true {
		t.Errorf("open url config %v; want url {query}, not encoded again (the args are URLs already)", oc)
	}
	mods := map[int]string{}
	for _, c := range w.Plist.Connections[filter] {
		if c.DestinationUID != open {
			t.Errorf("script filter connects to %q, want only the open url action", c.DestinationUID)
		}
		mods[c.Modifiers] = c.ModifierSubtext
	}
	const cmd, alt, ctrl = 1048576, 524288, 262144
	if len(mods) != 4 || mods[cmd] == "" || mods[alt] == "" || mods[ctrl] == "" {
		t.Errorf("connections by modifier %v; want plain, ⌘, ⌥ and ⌃, each modifier with its subtext", mods)
	}
	for _, uid := range []string{filter, open} {
		if u, ok := w.Plist.UIData[uid]; !ok || u.XPos == nil || u.YPos == nil {
			t.Errorf("uidata has no position for %s", uid)
		}
	}
}

// The fixture the script filter lists: alice has keys and a session, café only a config
// section, "team a & b" a role; "a..b" is a name no vaultbar:// URL can carry.
const filterConfig = `[profile alice]
region = eu-west-1
mfa_serial = arn:aws:iam::111111111111:mfa/alice

[profile team a & b]
source_profile = alice
role_arn = arn:aws:iam::222222222222:role/Admin

[profile café]
region = eu-west-1

[profile a..b]
`

type filterFixture struct {
	env      []string // the environment Alfred gives the script, PATH aside
	vaultbar string   // a vaultbar built from this tree, alone in its directory
}

func newFilterFixture(t *testing.T) filterFixture {
	t.Helper()
	home := t.TempDir()
	bin := filepath.Join(t.TempDir(), "vaultbar")
	build := exec.Command("go", "build", "-o", bin, "./cmd/vaultbar")
	build.Dir = ".."
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	config := filepath.Join(home, "config")
	if err := os.WriteFile(config, []byte(filterConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	f := filterFixture{vaultbar: bin, env: []string{"HOME=" + home, "AWS_CONFIG_FILE=" + config,
		"AWS_VAULT_BACKEND=file", "AWS_VAULT_FILE_PASSPHRASE=test-passphrase", "AWS_VAULT_FILE_DIR=" + filepath.Join(home, "keys")}}
	fake := fakeaws.Start(t)
	fake.STS.AddUser("AKIAALICE00000000001", "alicesecretfakesecret0000000000000000000", "alice")
	fake.STS.SetMFA("arn:aws:iam::111111111111:mfa/alice", "123456")
	f.vaultbarOK(t, []string{"AWS_ACCESS_KEY_ID=AKIAALICE00000000001", "AWS_SECRET_ACCESS_KEY=alicesecretfakesecret0000000000000000000"},
		"add", "--env", "alice")
	f.vaultbarOK(t, []string{"AWS_ENDPOINT_URL_STS=" + fake.URL}, "env", "alice", "--mfa-token=123456")
	return f
}

func (f filterFixture) vaultbarOK(t *testing.T, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(f.vaultbar, args...)
	cmd.Env = slices.Concat(f.env, env)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("vaultbar %s: %v\n%s", strings.Join(args, " "), err, b)
	}
}

type filterItem struct {
	UID, Title, Subtitle, Arg string
	Valid                     *bool
	Mods                      map[string]struct {
		Valid         bool
		Arg, Subtitle string
	}
}

// runFilter runs the script filter as Alfred does: the plist's inline script with /bin/bash,
// the query as its argument, in the workflow's directory, with only the environment given.
func runFilter(t *testing.T, w workflow, env []string) []filterItem {
	t.Helper()
	_, config := w.object(t, "alfred.workflow.input.scriptfilter")
	cmd := exec.Command("/bin/bash", "-c", config["script"].(string), "bash", "ali")
	cmd.Dir, cmd.Env = w.Dir, env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("script filter: %v", stderrOf(err))
	}
	var doc struct{ Items []filterItem }
	dec := json.NewDecoder(bytes.NewReader(out))
	if err := dec.Decode(&doc); err != nil || doc.Items == nil {
		t.Fatalf("script filter output is not a Script Filter document (%v):\n%s", err, out)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("script filter printed more than one document:\n%s", out)
	}
	return doc.Items
}

func TestAlfredScriptFilterListsProfiles(t *testing.T) {
	w := packWorkflow(t)
	f := newFilterFixture(t)
	onPath := append([]string{"PATH=" + filepath.Dir(f.vaultbar)}, f.env...)
	// Vaultbar.app in ~/Applications, nothing on PATH: the bundle's binary is found.
	macOS := filepath.Join(home(f), "Applications", "Vaultbar.app", "Contents", "MacOS")
	if err := os.MkdirAll(macOS, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(f.vaultbar, filepath.Join(macOS, "vaultbar")); err != nil {
		t.Fatal(err)
	}
	t.Run("in ~/Applications", func(t *testing.T) {
		checkFilterItems(t, runFilter(t, w, append([]string{"PATH=/usr/bin:/bin"}, f.env...)))
	})
	if err := os.Remove(filepath.Join(macOS, "vaultbar")); err != nil {
		t.Fatal(err)
	}
	t.Run("on PATH", func(t *testing.T) {
		checkFilterItems(t, runFilter(t, w, onPath))
	})
}

func home(f filterFixture) string {
	return strings.TrimPrefix(f.env[0], "HOME=")
}

func checkFilterItems(t *testing.T, items []filterItem) {
	t.Helper()
	var titles []string
	for _, it := range items {
		titles = append(titles, it.Title)
	}
	if want := []string{"alice", "team a & b", "café", "a..b"}; !slices.Equal(titles, want) {
		t.Fatalf("titles %q, want %q", titles, want)
	}
	if s := items[0].Subtitle; !strings.HasPrefix(s, "session valid until ") || !strings.Contains(s, "⌘ copy env") {
		t.Errorf("alice's subtitle %q; want her session and the keys", s)
	}
	if s := items[2].Subtitle; !strings.HasPrefix(s, "no active session") {
		t.Errorf("café's subtitle %q", s)
	}
	mods := map[string]string{"cmd": app.ActionCopyEnv, "alt": app.ActionCopyConsoleURL, "ctrl": app.ActionServe}
	for _, it := range items[:3] {
		if it.UID != it.Title || it.Valid == nil || !*it.Valid || it.Subtitle == "" {
			t.Errorf("item %+v; want uid = title, valid, a subtitle", it)
		}
		if l, err := app.ParseLink(it.Arg); err != nil || l != (app.Link{Action: app.ActionConsole, Profile: it.Title}) {
			t.Errorf("%s: arg %q parses to %+v, %v; want its console link", it.Title, it.Arg, l, err)
		}
		for mod, action := range mods {
			m, ok := it.Mods[mod]
			l, err := app.ParseLink(m.Arg)
			if !ok || !m.Valid || m.Subtitle == "" || err != nil || l.Action != action || l.Profile != it.Title {
				t.Errorf("%s: mod %s = %+v parses to %+v, %v; want a valid %s link", it.Title, mod, m, l, err, action)
			}
		}
	}
	if bad := items[3]; bad.Valid == nil || *bad.Valid || bad.Arg != "" {
		t.Errorf("a..b: %+v; want an item that is not actionable", bad)
	}
}

func TestAlfredScriptFilterWithoutVaultbar(t *testing.T) {
	for _, p := range []string{"/Applications/Vaultbar.app", "/opt/homebrew/bin/vaultbar", "/usr/local/bin/vaultbar"} {
		if _, err := os.Stat(p); err == nil {
			if e2e.CI() {
				t.Fatalf("%s exists: the script filter would find it", p)
			}
			t.Skipf("%s exists: the script filter would find it", p)
		}
	}
	w := packWorkflow(t)
	items := runFilter(t, w, []string{"PATH=" + t.TempDir(), "HOME=" + t.TempDir()})
	if len(items) != 1 || items[0].Valid == nil || *items[0].Valid || items[0].Title != "Vaultbar is not installed" ||
		!strings.Contains(items[0].Subtitle, "/Applications") {
		t.Errorf("without vaultbar: %+v; want one item that is not actionable, saying where to install it", items)
	}
}

// When vaultbar fails (here: a broken config file), Alfred shows its error line.
func TestAlfredScriptFilterShowsVaultbarsError(t *testing.T) {
	w := packWorkflow(t)
	f := newFilterFixture(t)
	if err := os.WriteFile(filepath.Join(home(f), "config"), []byte("[profile broken\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	items := runFilter(t, w, append([]string{"PATH=" + filepath.Dir(f.vaultbar)}, f.env...))
	if len(items) != 1 || items[0].Valid == nil || *items[0].Valid || items[0].Title != "Vaultbar could not list the profiles" ||
		!strings.Contains(items[0].Subtitle, "config") || strings.HasPrefix(items[0].Subtitle, "vaultbar:") {
		t.Errorf("with a broken config: %+v; want one item that is not actionable, with vaultbar's error", items)
	}
}
