package tray

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 28, 14, 0, 0, 0, time.FixedZone("CET", 3600))

// find follows a path of titles through the menu; it fails the test when one is missing.
func find(t *testing.T, items []Item, path ...string) Item {
	t.Helper()
	for i, title := range path {
		found := false
		for _, it := range items {
			if it.Title == title && !it.Hidden {
				if i == len(path)-1 {
					return it
				}
				items, found = it.Children, true
				break
			}
		}
		if !found {
			t.Fatalf("no item %q (path %q) among %q", title, path, titles(items))
		}
	}
	t.Fatalf("empty path")
	return Item{}
}

// has reports whether an item titled title shows among items.
func has(items []Item, title string) bool {
	return slices.ContainsFunc(items, func(it Item) bool { return it.Title == title && !it.Hidden })
}

// globalCancel is the line that cancels an action of no profile, always in the menu.
func globalCancel(t *testing.T, m Menu) Item {
	t.Helper()
	for _, it := range m.Items {
		if it.Action == (Action{Kind: CancelBusy, Profile: globalOps}) {
			return it
		}
	}
	t.Fatalf("no line cancels the actions of no profile: %q", titles(m.Items))
	return Item{}
}

func titles(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		if it.Separator {
			out[i] = "---"
		} else {
			out[i] = it.Title
		}
	}
	return out
}

func TestBuildProfileState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		profile Profile
		title   string // the submenu's title
		line    string // its disabled first line
	}{
		{"no_credentials", Profile{Name: "dev"}, "dev · no credentials", "no credentials"},
		{"keys_stored", Profile{Name: "dev", HasKeys: true}, "dev · keys", "keys stored"},
		{"role_via_source", Profile{Name: "admin", Via: "dev"}, "admin · via dev", "credentials via dev"},
		{"session_local_time", Profile{Name: "dev", HasKeys: true, SessionUntil: time.Date(2026, 11, 28, 15, 30, 0, 0, time.UTC)},
			"dev · \u20072 h 30", "session until 16:30"},
		{"session_expired", Profile{Name: "dev", HasKeys: true, SessionUntil: testNow.Add(-time.Second)}, "dev · keys", "keys stored"},
		{"server_running", Profile{Name: "dev", SessionUntil: testNow.Add(time.Hour), Server: &Server{Kind: "ecs", Addr: "127.0.0.1:4567"}},
			"dev · server", "server on 127.0.0.1:4567"},
		{"busy_wins", Profile{Name: "dev", Server: &Server{Kind: "ecs", Addr: "127.0.0.1:1"}, Busy: "Signing in to dev ⟳"},
			"dev ⟳", "Cancel signing in to dev ⟳"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := Build(State{Now: testNow, Profiles: []Profile{tt.profile}})
			p := find(t, m.Items, tt.title)
			if line := p.Children[0]; line.Title != tt.line || line.Disabled != (tt.profile.Busy == "") {
				t.Errorf("state line = %q (disabled %v), want %q, clickable only while busy", line.Title, line.Disabled, tt.line)
			}
		})
	}
}

func TestBuildProfileItems(t *testing.T) {
	t.Parallel()
	srv := &Server{Kind: "ecs", Addr: "127.0.0.1:4567"}
	tests := []struct {
		name     string
		profile  Profile
		path     []string
		action   Action
		disabled bool
		absent   []string // titles that must not be in the profile's submenu
	}{
		{"open_console", Profile{Name: "p"}, []string{"Open console"}, Action{Kind: OpenConsole, Profile: "p"}, false, nil},
		{"console_in_profile_region_first", Profile{Name: "p", Region: "eu-central-1"}, []string{"Open console in", "Regions", "eu-central-1 · Europe (Frankfurt)"},
			Action{Kind: OpenConsole, Profile: "p", Region: "eu-central-1"}, false, nil},
		{"console_in_fixed_region", Profile{Name: "p"}, []string{"Open console in", "Regions", "us-west-2 · US West (Oregon)"},
			Action{Kind: OpenConsole, Profile: "p", Region: "us-west-2"}, false, nil},
		{"console_in_service", Profile{Name: "p"}, []string{"Open console in", "Services", "Route 53"},
			Action{Kind: OpenConsole, Profile: "p", Service: "route53"}, false, nil},
		{"copy_env", Profile{Name: "p"}, []string{"Copy env"}, Action{Kind: CopyEnv, Profile: "p", Format: "export"}, false, nil},
		{"copy_env_as_fish", Profile{Name: "p"}, []string{"Copy env as", "fish"}, Action{Kind: CopyEnv, Profile: "p", Format: "fish"}, false, nil},
		{"copy_env_as_powershell", Profile{Name: "p"}, []string{"Copy env as", "PowerShell"}, Action{Kind: CopyEnv, Profile: "p", Format: "powershell"}, false, nil},
		{"copy_env_as_dotenv", Profile{Name: "p"}, []string{"Copy env as", "dotenv"}, Action{Kind: CopyEnv, Profile: "p", Format: "dotenv"}, false, nil},
		{"copy_env_as_json", Profile{Name: "p"}, []string{"Copy env as", "JSON"}, Action{Kind: CopyEnv, Profile: "p", Format: "json"}, false, nil},
		{"copy_console_url", Profile{Name: "p"}, []string{"Copy console URL"}, Action{Kind: CopyConsoleURL, Profile: "p"}, false, nil},
		{"start_ecs_server", Profile{Name: "p"}, []string{"Start metadata server"}, Action{Kind: StartServer, Profile: "p", Server: "ecs"}, false,
			[]string{"Stop metadata server", "Copy server env"}},
		{"start_ec2_server", Profile{Name: "p"}, []string{"Start EC2 metadata server"}, Action{Kind: StartServer, Profile: "p", Server: "ec2"}, false, nil},
		{"stop_server", Profile{Name: "p", Server: srv}, []string{"Stop metadata server"}, Action{Kind: StopServer, Profile: "p"}, false,
			[]string{"Start metadata server", "Start EC2 metadata server"}},
		{"copy_server_env", Profile{Name: "p", Server: srv}, []string{"Copy server env"}, Action{Kind: CopyServerEnv, Profile: "p"}, false, nil},
		{"clear_session_disabled", Profile{Name: "p", HasKeys: true}, []string{"Clear session"}, Action{Kind: ClearSession, Profile: "p"}, true, nil},
		{"clear_session_enabled", Profile{Name: "p", SessionUntil: testNow.Add(time.Minute)}, []string{"Clear session"}, Action{Kind: ClearSession, Profile: "p"}, false, nil},
		{"remove_credentials_disabled", Profile{Name: "p"}, []string{"Remove credentials…"}, Action{Kind: RemoveCredentials, Profile: "p"}, true, nil},
		{"remove_credentials_enabled", Profile{Name: "p", HasKeys: true}, []string{"Remove credentials…"}, Action{Kind: RemoveCredentials, Profile: "p"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := Build(State{Now: testNow, Profiles: []Profile{tt.profile}})
			sub := m.Items[0]
			if !strings.HasPrefix(sub.Title, "p") {
				t.Fatalf("first item = %q, want the profile", sub.Title)
			}
			it := find(t, sub.Children, tt.path...)
			if it.Action != tt.action {
				t.Errorf("action = %+v, want %+v", it.Action, tt.action)
			}
			if it.Disabled != tt.disabled {
				t.Errorf("disabled = %v, want %v", it.Disabled, tt.disabled)
			}
			for _, a := range tt.absent {
				if has(sub.Children, a) {
					t.Errorf("%q present, want absent", a)
				}
			}
		})
	}
}

func TestBuildConsoleInOrder(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ region, first, other, absent string }{
		{"eu-west-1", "eu-west-1 · Europe (Ireland)", "ap-southeast-2 · Asia Pacific (Sydney)", "cn-north-1 · China (Beijing)"},
		{"cn-north-1", "cn-north-1 · China (Beijing)", "cn-northwest-1 · China (Ningxia)", "eu-west-1 · Europe (Ireland)"},
		{"", "af-south-1 · Africa (Cape Town)", "us-east-1 · US East (N. Virginia)", "us-gov-west-1 · AWS GovCloud (US-West)"},
	} {
		m := Build(State{Profiles: []Profile{{Name: "p", Region: tt.region}}})
		got := titles(find(t, m.Items, "p · no credentials", "Open console in", "Regions").Children)
		if got[0] != tt.first || !slices.Contains(got, tt.other) || slices.Contains(got, tt.absent) {
			t.Errorf("%q: regions = %q, want %q first, with %q, without %q", tt.region, got, tt.first, tt.other, tt.absent)
		}
		if n := strings.Count(strings.Join(got, ","), tt.first); n != 1 {
			t.Errorf("%q listed %d times, want once", tt.first, n)
		}
		if len(got) < 3 {
			t.Errorf("%q: only %d regions", tt.region, len(got))
		}
	}
	m := Build(State{Profiles: []Profile{{Name: "p"}}})
	got := titles(find(t, m.Items, "p · no credentials", "Open console in", "Services").Children)
	want := []string{"EC2", "S3", "IAM", "Lambda", "CloudWatch", "CloudFormation", "RDS", "DynamoDB", "ECS", "EKS", "VPC", "Route 53", "Billing"}
	if !slices.Equal(got, want) {
		t.Errorf("services = %q, want %q", got, want)
	}
}

func TestBuildGlobal(t *testing.T) {
	t.Parallel()
	browsers := []Browser{
		{ID: "chrome", Name: "Google Chrome", Isolations: []string{"profile-directory", "user-data-dir"}},
		{ID: "firefox", Name: "Firefox", Isolations: []string{"container", "profile"}},
	}
	tests := []struct {
		name     string
		state    State
		path     []string
		action   Action
		checked  bool
		checkbox bool
	}{
		{"add_credentials", State{}, []string{"Add credentials…"}, Action{Kind: AddCredentials}, false, false},
		{"clear_all_sessions", State{}, []string{"Clear all sessions…"}, Action{Kind: ClearAllSessions}, false, false},
		{"open_config_file", State{}, []string{"Open config file"}, Action{Kind: OpenConfigFile}, false, false},
		{"about_with_version", State{Version: "1.2.3"}, []string{"About Vaultbar 1.2.3"}, Action{Kind: About}, false, false},
		{"quit", State{}, []string{"Quit"}, Action{Kind: Quit}, false, false},
		{"browser_automatic_checked", State{Browsers: browsers}, []string{"Browser", "Automatic"}, Action{Kind: SelectBrowser}, true, true},
		{"browser_unselected", State{Browsers: browsers}, []string{"Browser", "Firefox"}, Action{Kind: SelectBrowser, Browser: "firefox"}, false, true},
		{"browser_selected", State{Browsers: browsers, Browser: "firefox"}, []string{"Browser", "Firefox"}, Action{Kind: SelectBrowser, Browser: "firefox"}, true, true},
		{"isolation_default_checked", State{Browsers: browsers, Browser: "firefox"}, []string{"Browser", "container"},
			Action{Kind: SelectIsolation, Browser: "firefox", Isolation: "container"}, true, true},
		{"isolation_selected", State{Browsers: browsers, Browser: "chrome", Isolation: "user-data-dir"}, []string{"Browser", "user-data-dir"},
			Action{Kind: SelectIsolation, Browser: "chrome", Isolation: "user-data-dir"}, true, true},
		{"isolation_other_unchecked", State{Browsers: browsers, Browser: "chrome", Isolation: "user-data-dir"}, []string{"Browser", "profile-directory"},
			Action{Kind: SelectIsolation, Browser: "chrome", Isolation: "profile-directory"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			it := find(t, Build(tt.state).Items, tt.path...)
			if it.Action != tt.action || it.Checked != tt.checked || it.Checkable != tt.checkbox || it.Disabled {
				t.Errorf("item = %+v, want action %+v checked %v checkable %v enabled", it, tt.action, tt.checked, tt.checkbox)
			}
		})
	}
}

func TestBuildBrowserMenu(t *testing.T) {
	t.Parallel()
	browsers := []Browser{{ID: "chrome", Name: "Chrome", Isolations: []string{"a", "b"}}, {ID: "safari", Name: "Safari"}}
	tests := []struct {
		name  string
		state State
		want  []string
	}{
		{"automatic_has_no_isolation", State{Browsers: browsers}, []string{"Automatic", "Chrome", "Safari"}},
		{"selected_lists_isolation", State{Browsers: browsers, Browser: "chrome"}, []string{"Automatic", "Chrome", "Safari", "---", "a", "b"}},
		{"selected_without_isolation", State{Browsers: browsers, Browser: "safari"}, []string{"Automatic", "Chrome", "Safari"}},
		{"selected_uninstalled", State{Browsers: browsers, Browser: "brave"}, []string{"Automatic", "Chrome", "Safari"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := titles(find(t, Build(tt.state).Items, "Browser").Children)
			if !slices.Equal(got, tt.want) {
				t.Errorf("browser menu = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBuildTopLevel(t *testing.T) {
	t.Parallel()
	// "Cancel" is the hidden line that cancels an action of no profile (cancel.go).
	global := []string{"Cancel", "Add credentials…", "Add profiles from IAM Identity Center…", "Clear all sessions…", "Browser", "Open config file", "Start at login", "Notify on success", "---", "About Vaultbar v1", "Quit"}
	tests := []struct {
		name  string
		state State
		want  []string
	}{
		{"empty", State{Version: "v1"}, append([]string{noProfiles, "---"}, global...)},
		{"empty_with_problem", State{Version: "v1", Problem: "Loading profiles…"}, append([]string{"Loading profiles…", "---"}, global...)},
		{"problem_first", State{Version: "v1", Problem: "~/.aws/config line 3: bad section; fix the file and it reloads", Profiles: []Profile{{Name: "a", HasKeys: true}}},
			append([]string{"~/.aws/config line 3: bad section; fix the file and it reloads", "---", "a · keys", "---"}, global...)},
		{"small_config_file_order", State{Version: "v1", Profiles: []Profile{{Name: "b", HasKeys: true}, {Name: "a", HasKeys: true}}, Recent: []string{"a"}},
			append([]string{"b · keys", "a · keys", "---"}, global...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := Build(tt.state)
			if got := titles(m.Items); !slices.Equal(got, tt.want) {
				t.Errorf("top level = %q, want %q", got, tt.want)
			}
			if c := globalCancel(t, m); !c.Hidden {
				t.Errorf("with nothing running the cancel line shows: %+v", c)
			}
			if tt.state.Problem != "" && !m.Items[0].Disabled {
				t.Errorf("problem line is enabled")
			}
		})
	}
}

// named makes keyed profiles (all with keys, so titles are bare names).
func named(names ...string) []Profile {
	ps := make([]Profile, len(names))
	for i, n := range names {
		ps[i] = Profile{Name: n, HasKeys: true}
	}
	return ps
}

func TestBuildIconAndTooltip(t *testing.T) {
	t.Parallel()
	srv := &Server{Kind: "ecs", Addr: "127.0.0.1:1"}
	tests := []struct {
		name     string
		profiles []Profile
		icon     Icon
		tooltip  string
	}{
		{"idle", []Profile{{Name: "a"}}, IconIdle, "Vaultbar"},
		{"busy", []Profile{{Name: "a"}, {Name: "b", Busy: "Copying…"}}, IconBusy, "Vaultbar"},
		{"serving_wins", []Profile{{Name: "a", Busy: "Copying…"}, {Name: "b", Server: srv}}, IconServing, "Vaultbar: 1 server running"},
		{"two_servers", []Profile{{Name: "a", Server: srv}, {Name: "b", Server: srv}}, IconServing, "Vaultbar: 2 servers running"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := Build(State{Profiles: tt.profiles})
			if m.Icon != tt.icon || m.Tooltip != tt.tooltip {
				t.Errorf("icon, tooltip = %v, %q; want %v, %q", m.Icon, m.Tooltip, tt.icon, tt.tooltip)
			}
		})
	}
}

func TestBuildDeterministic(t *testing.T) {
	t.Parallel()
	s := benchState(300)
	a := Build(s)
	for range 5 {
		if b := Build(s); !reflect.DeepEqual(a, b) {
			t.Fatal("Build gave different menus for the same State")
		}
	}
	// An equal but separately built State gives an equal Menu.
	if b := Build(benchState(300)); !reflect.DeepEqual(a, b) {
		t.Fatal("Build gave different menus for equal States")
	}
	// And a change shows.
	s2 := benchState(300)
	s2.Profiles[42].Busy = "Copying…"
	if reflect.DeepEqual(a, Build(s2)) {
		t.Fatal("a changed State gave an equal Menu")
	}
}

// benchState is a realistic large config: teams × environments × roles, a few accounts known
// from the config, a mix of keys, sessions, servers and one busy profile.
func benchState(n int) State {
	now := testNow
	teams := []string{"payments", "search", "data", "platform", "web", "mobile", "ml", "infra", "sec", "ops"}
	envs := []string{"dev", "staging", "prod", "sandbox"}
	roles := []string{"admin", "readonly", "deploy", "poweruser", "billing"}
	s := State{
		Version: "1.0.0", Now: now,
		Browsers: []Browser{
			{ID: "chrome", Name: "Google Chrome", Isolations: []string{"profile-directory", "user-data-dir"}},
			{ID: "firefox", Name: "Firefox", Isolations: []string{"container", "profile"}},
			{ID: "safari", Name: "Safari"},
		},
		Browser: "chrome",
	}
	for i := range n {
		p := Profile{
			Name:   fmt.Sprintf("%s-%s-%s-%d", teams[i%len(teams)], envs[i/len(teams)%len(envs)], roles[i/40%len(roles)], i),
			Region: []string{"us-east-1", "eu-west-1", "ap-southeast-2", ""}[i%4],
		}
		if i%7 == 0 {
			p.Account = fmt.Sprintf("%012d", i%13)
		}
		p.HasKeys = i%3 == 0
		if i%5 == 0 {
			p.SessionUntil = now.Add(time.Duration(i%60) * time.Minute)
		}
		if i%97 == 0 {
			p.Server = &Server{Kind: "ecs", Addr: fmt.Sprintf("127.0.0.1:%d", 40000+i)}
		}
		s.Profiles = append(s.Profiles, p)
	}
	if n > 10 {
		s.Profiles[10].Busy = busyText(Action{Kind: OpenConsole, Profile: s.Profiles[10].Name})
		for i := range 5 {
			s.Recent = append(s.Recent, s.Profiles[i*3].Name)
		}
	}
	return s
}

func BenchmarkBuild1000(b *testing.B) {
	s := benchState(1000)
	b.ReportAllocs()
	for b.Loop() {
		Build(s)
	}
}

func TestBuildSlabSizes(t *testing.T) {
	t.Parallel()
	for _, p := range []Profile{{Name: "a", Region: "mars-1"}, {Name: "a", Server: &Server{}}, {Name: "a", Region: "us-gov-west-1"}} {
		m := Build(State{Profiles: []Profile{p}})
		sub := m.Items[0].Children
		if len(sub) > profileSubmenu || cap(sub) != profileSubmenu {
			t.Errorf("profile submenu has %d items (cap %d), slab gives %d", len(sub), cap(sub), profileSubmenu)
		}
		if in := find(t, sub, "Open console in").Children; len(in) > consoleInItems || cap(in) != consoleInItems {
			t.Errorf("Open console in has %d items (cap %d), slab gives %d", len(in), cap(in), consoleInItems)
		}
		if r := find(t, sub, "Open console in", "Regions").Children; cap(r) > maxRegions+2 {
			t.Errorf("Regions has cap %d, more than the slab's %d", cap(r), maxRegions+2)
		}
	}
}

// The chooser of a large config offers what the profile's submenu offers: Rotate keys… for
// a profile with stored keys, not for one whose credentials come from elsewhere.
func TestProfileActionsMatchTheSubmenu(t *testing.T) {
	t.Parallel()
	for _, p := range []Profile{{Name: "alice", HasKeys: true}, {Name: "admin", Via: "alice"}} {
		labels, actions := ProfileActions(p)
		if len(labels) != len(actions) {
			t.Fatalf("%s: %d labels for %d actions", p.Name, len(labels), len(actions))
		}
		sub := profileItem(&p, State{Now: testNow}, newSlab(State{Profiles: []Profile{p}}))
		for _, c := range sub.Children {
			if c.Action.Kind == RotateKeys && !c.Hidden && !slices.Contains(labels, c.Title) {
				t.Errorf("%s: the submenu offers %q, the chooser does not (%q)", p.Name, c.Title, labels)
			}
		}
		if has := slices.Contains(labels, "Rotate keys…"); has != p.HasKeys {
			t.Errorf("%s: chooser offers Rotate keys… = %v, want %v", p.Name, has, p.HasKeys)
		}
	}
}
