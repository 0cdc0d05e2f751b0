package tray

import (
	"cmp"
	"slices"
	"strconv"
)

// Build turns State into the Menu the tray shows. It is pure: the same State always gives an
// equal Menu (reflect.DeepEqual), so the controller can skip renders when nothing changed.
//
// Layout, top to bottom: the Problem line (disabled) and a separator, when there is one; the
// profiles (or a disabled "No profiles" line) and a separator; the global items. Up to largeConfig profiles are listed at the top
// level in file order. Above that, "Find profile…" comes first, then a "Recent" section (at
// most maxRecent profiles from State.Recent), then every profile in a group; see group.go.
func Build(s State) Menu {
	s.byName = indexProfiles(s.Profiles)
	items := make([]Item, 0, 16)
	if s.Problem != "" {
		items = append(items, Item{Title: s.Problem, Disabled: true}, separator)
	}
	items = appendSignIns(items, s.SignIns)
	switch {
	case len(s.Profiles) > 0:
		items = append(appendProfiles(items, s, newSlab(s)), separator)
	case s.Problem == "": // a Problem line already says why there are none
		items = append(items, Item{Title: noProfiles, Disabled: true}, separator)
	}
	items = appendGlobalBusy(items, s.Busy) // above Add credentials…, the actions it cancels
	items = appendGlobal(items, s)
	return Menu{Icon: icon(s), Tooltip: tooltip(s), Items: items}
}

// appendSignIns shows each IAM Identity Center sign-in that waits for the user: the code the
// browser page must show (so a phishing page cannot pass for it), and a way to give up.
func appendSignIns(items []Item, signIns []SignIn) []Item {
	for _, si := range signIns {
		items = append(items,
			Item{Title: busy("Signing in to IAM Identity Center: code " + si.UserCode), Tooltip: si.StartURL, Disabled: true},
			Item{Title: "Cancel sign-in", Tooltip: si.StartURL, Action: Action{Kind: CancelSignIn, Path: si.StartURL}},
			separator)
	}
	return items
}

const (
	largeConfig = 20 // more profiles than this: Recent section and group submenus
	maxRecent   = 5
)

var separator = Item{Separator: true}

const noProfiles = "No profiles: add credentials or edit the config file"

// services are the console shortcuts in "Open console in"; id is Action.Service.
var services = []struct{ id, title string }{
	{"ec2", "EC2"}, {"s3", "S3"}, {"iam", "IAM"}, {"lambda", "Lambda"},
	{"cloudwatch", "CloudWatch"}, {"cloudformation", "CloudFormation"}, {"rds", "RDS"},
	{"dynamodb", "DynamoDB"}, {"ecs", "ECS"}, {"eks", "EKS"}, {"vpc", "VPC"},
	{"route53", "Route 53"}, {"billing", "Billing"},
}

// envFormats are the "Copy env as" entries; "export" is plain "Copy env".
var envFormats = []struct{ id, title string }{
	{"fish", "fish"}, {"powershell", "PowerShell"}, {"dotenv", "dotenv"}, {"json", "JSON"},
}

// slab hands out the profile submenus' item slices from one allocation: a large menu is
// mostly profile submenus, and allocating them one by one costs more than building them.
type slab []Item

// Per profile: its submenu, "Open console in" with its Regions (the profile's own first, a
// separator, the partition's) and Services, and "Copy env as".
const profileSubmenu, consoleInItems = 20, 2 // keep in step with profileItem and consoleIn

var itemsPerProfile = profileSubmenu + consoleInItems + (maxRegions + 2) + len(services) + len(envFormats)

func newSlab(s State) *slab {
	n := len(s.Profiles)
	if n > largeConfig { // only the recent ones get submenus
		n = min(len(s.Recent), maxRecent)
	}
	sl := make(slab, n*itemsPerProfile)
	return &sl
}

// take returns an empty slice with room for n items; appending beyond n reallocates, so
// neighbours never share items.
func (sl *slab) take(n int) []Item {
	if len(*sl) < n {
		*sl = make(slab, max(n, 16*itemsPerProfile))
	}
	out := (*sl)[:0:n]
	*sl = (*sl)[n:]
	return out
}

func appendProfiles(items []Item, s State, sl *slab) []Item {
	if len(s.Profiles) <= largeConfig {
		for i := range s.Profiles {
			items = append(items, profileItem(&s.Profiles[i], s, sl))
		}
		return items
	}
	items = append(items, findItem, separator)
	recent := recentProfiles(s)
	if len(recent) > 0 {
		items = append(items, Item{Title: "Recent", Disabled: true})
		for _, p := range recent {
			items = append(items, profileItem(p, s, sl))
		}
		items = append(items, separator)
	}
	others := visible(items) + visible(appendGlobal(nil, s))
	entries := groupEntries(s, topGroupBudget(others))
	pool := newPool(entries)
	for _, e := range entries {
		items = append(items, e.item(s, pool))
	}
	return items
}

// recentProfiles returns the profiles named in s.Recent that still exist, newest first, at
// most maxRecent.
func recentProfiles(s State) []*Profile {
	var out []*Profile
	for _, name := range s.Recent {
		if len(out) == maxRecent {
			break
		}
		for i := range s.Profiles {
			if s.Profiles[i].Name == name {
				out = append(out, &s.Profiles[i])
				break
			}
		}
	}
	return out
}

// visible counts the entries a user sees: not separators, not hidden.
func visible(items []Item) int {
	n := 0
	for _, it := range items {
		if !it.Separator && !it.Hidden {
			n++
		}
	}
	return n
}

// chooserItem is a profile in a large config's groups: one item whose click asks what to do
// (ChooseAction). fyne.io/systray cannot build submenus when they open, and a full submenu
// per profile is ~47 items: tens of thousands for 1,000 profiles, seconds to publish and over
// 100 MB. Using a profile once puts it under Recent, with its full submenu.
func chooserItem(p *Profile, s State) Item {
	if p.Busy != "" {
		return busyChooserItem(p)
	}
	return Item{Title: p.Name + titleSuffix(p, s) + "…", Tooltip: stateLine(p, s),
		Action: Action{Kind: ChooseAction, Profile: p.Name}}
}

// ProfileActions are the choices ChooseAction offers for a profile, with their labels.
func ProfileActions(p Profile) ([]string, []Action) {
	labels := []string{"Open console", "Copy env", "Copy console URL"}
	actions := []Action{{Kind: OpenConsole, Profile: p.Name}, {Kind: CopyEnv, Profile: p.Name, Format: "export"},
		{Kind: CopyConsoleURL, Profile: p.Name}}
	for _, f := range envFormats {
		labels = append(labels, "Copy env as "+f.title)
		actions = append(actions, Action{Kind: CopyEnv, Profile: p.Name, Format: f.id})
	}
	if p.Server == nil {
		labels = append(labels, "Start metadata server", "Start EC2 metadata server")
		actions = append(actions, Action{Kind: StartServer, Profile: p.Name, Server: "ecs"}, Action{Kind: StartServer, Profile: p.Name, Server: "ec2"})
	} else {
		labels = append(labels, "Stop metadata server", "Copy server env")
		actions = append(actions, Action{Kind: StopServer, Profile: p.Name}, Action{Kind: CopyServerEnv, Profile: p.Name})
	}
	labels = append(labels, "Clear session", "Remove credentials…")
	actions = append(actions, Action{Kind: ClearSession, Profile: p.Name}, Action{Kind: RemoveCredentials, Profile: p.Name})
	if p.HasKeys { // as in the profile's submenu
		labels = append(labels, "Rotate keys…")
		actions = append(actions, Action{Kind: RotateKeys, Profile: p.Name})
	}
	return labels, actions
}

// profileItem is a profile's submenu (full: with "Open console in", "Copy env as" and "More
// servers"). It holds the server items of both states, the other state's hidden, so that a
// server starting or stopping changes no item but their visibility.
func profileItem(p *Profile, s State, sl *slab) Item {
	session := hasSession(p, s)
	children := sl.take(profileSubmenu)
	header, copyAccount := headerItems(p)
	children = append(children,
		stateItem(p, s),
		keyAgeItem(p, s),
		header,
		copyAccount,
		separator,
		Item{Title: "Open console", Action: Action{Kind: OpenConsole, Profile: p.Name}},
		Item{Title: "Open console in", Children: consoleIn(p, sl)},
		separator,
		Item{Title: "Copy env", Action: Action{Kind: CopyEnv, Profile: p.Name, Format: "export"}},
		Item{Title: "Copy env as", Children: envAs(p, sl)},
		Item{Title: "Copy console URL", Action: Action{Kind: CopyConsoleURL, Profile: p.Name}},
		separator,
	)
	serving := p.Server != nil
	children = append(children,
		Item{Title: "Start metadata server", Hidden: serving, Action: Action{Kind: StartServer, Profile: p.Name, Server: "ecs"}},
		Item{Title: "Start EC2 metadata server", Hidden: serving, Action: Action{Kind: StartServer, Profile: p.Name, Server: "ec2"}},
		Item{Title: "Stop metadata server", Hidden: !serving, Action: Action{Kind: StopServer, Profile: p.Name}},
		Item{Title: "Copy server env", Hidden: !serving, Action: Action{Kind: CopyServerEnv, Profile: p.Name}},
	)
	children = append(children,
		separator,
		Item{Title: "Clear session", Disabled: !session, Action: Action{Kind: ClearSession, Profile: p.Name}},
		Item{Title: "Rotate keys…", Hidden: !p.HasKeys, Action: Action{Kind: RotateKeys, Profile: p.Name}},
		Item{Title: "Remove credentials…", Disabled: !p.HasKeys, Action: Action{Kind: RemoveCredentials, Profile: p.Name}},
	)
	return Item{Title: p.Name + titleSuffix(p, s) + oldKeyMark(p, s), Children: children}
}

// hasSession reports whether p has a cached session that has not expired at s.Now.
func hasSession(p *Profile, s State) bool {
	return !p.SessionUntil.IsZero() && p.SessionUntil.After(s.Now)
}

// stateLine is the disabled first line of a profile's submenu. Busy wins, then a running
// server, then a session, then stored keys.
func stateLine(p *Profile, s State) string {
	switch {
	case p.Busy != "":
		return p.Busy
	case p.Server != nil:
		return cmp.Or(expiryLine(p, s), "server on "+p.Server.Addr)
	case hasSession(p, s):
		return "session until " + p.SessionUntil.In(s.Now.Location()).Format("15:04")
	case p.HasKeys:
		return "keys stored"
	case p.Via != "":
		return "credentials via " + p.Via
	default:
		return "no credentials"
	}
}

// titleSuffix is the short state after a profile's name (label.go); busy wins.
func titleSuffix(p *Profile, s State) string {
	if p.Busy != "" {
		return " " + BusyMark
	}
	return stateSuffix(p, s)
}

// consoleIn is "Open console in": Regions (the profile's own first, then every region of its
// partition, from the SDK's data: regions_gen.go) and Services.
func consoleIn(p *Profile, sl *slab) []Item {
	all := regionsFor(p.Region)
	regions := sl.take(len(all) + 2)
	if p.Region != "" {
		home := region{id: p.Region}
		if i := slices.IndexFunc(all, func(r region) bool { return r.id == p.Region }); i >= 0 {
			home = all[i]
		}
		regions = append(regions, regionItem(p, home), separator)
	}
	for _, r := range all {
		if r.id != p.Region {
			regions = append(regions, regionItem(p, r))
		}
	}
	svcs := sl.take(len(services))
	for _, sv := range services {
		svcs = append(svcs, Item{Title: sv.title, Action: Action{Kind: OpenConsole, Profile: p.Name, Service: sv.id}})
	}
	return append(sl.take(consoleInItems), Item{Title: "Regions", Children: regions}, Item{Title: "Services", Children: svcs})
}

// regionItem opens the console in r: "eu-west-1 · Europe (Ireland)".
func regionItem(p *Profile, r region) Item {
	title := r.id
	if r.name != "" {
		title += " · " + r.name
	}
	return Item{Title: title, Action: Action{Kind: OpenConsole, Profile: p.Name, Region: r.id}}
}

func envAs(p *Profile, sl *slab) []Item {
	items := sl.take(len(envFormats))[:len(envFormats)]
	for i, f := range envFormats {
		items[i] = Item{Title: f.title, Action: Action{Kind: CopyEnv, Profile: p.Name, Format: f.id}}
	}
	return items
}

func appendGlobal(items []Item, s State) []Item {
	about := "About Vaultbar"
	if s.Version != "" {
		about += " " + s.Version
	}
	return append(items,
		Item{Title: "Add credentials…", Action: Action{Kind: AddCredentials}},
		Item{Title: "Add profiles from IAM Identity Center…", Action: Action{Kind: AddSSOProfiles}},
		Item{Title: "Clear all sessions…", Action: Action{Kind: ClearAllSessions}},
		Item{Title: "Browser", Children: browserMenu(s)},
		Item{Title: "Open config file", Action: Action{Kind: OpenConfigFile}},
		startAtLogin(s.StartAtLogin),
		notifySuccess(s.NotifySuccess),
		separator,
		Item{Title: about, Action: Action{Kind: About}},
		Item{Title: "Quit", Action: Action{Kind: Quit}},
	)
}

// startAtLogin is the "Start at login" checkbox; a click asks for the other state. It is
// hidden, not left out, where the OS has no way: the menu keeps one shape.
func startAtLogin(l LoginItem) Item {
	return Item{Title: "Start at login", Tooltip: l.Tooltip, Checkable: true, Checked: l.On, Hidden: !l.Available,
		Action: Action{Kind: SetStartAtLogin, On: !l.On}}
}

// browserMenu lists "Automatic" and the installed browsers as checkboxes, then the selected
// browser's isolation modes; with Isolation unset, the browser's default (first) is checked.
func browserMenu(s State) []Item {
	items := []Item{{Title: "Automatic", Checkable: true, Checked: s.Browser == "", Action: Action{Kind: SelectBrowser}}}
	var selected *Browser
	for i := range s.Browsers {
		b := &s.Browsers[i]
		if b.ID == s.Browser {
			selected = b
		}
		items = append(items, Item{Title: b.Name, Checkable: true, Checked: b.ID == s.Browser, Action: Action{Kind: SelectBrowser, Browser: b.ID}})
	}
	if s.Browser == "" || selected == nil || len(selected.Isolations) == 0 {
		return items
	}
	items = append(items, separator)
	for i, iso := range selected.Isolations {
		checked := iso == s.Isolation || (s.Isolation == "" && i == 0)
		items = append(items, Item{Title: iso, Checkable: true, Checked: checked, Action: Action{Kind: SelectIsolation, Browser: selected.ID, Isolation: iso}})
	}
	return items
}

func icon(s State) Icon {
	busy := false
	for i := range s.Profiles {
		if s.Profiles[i].Server != nil {
			return IconServing
		}
		if s.Profiles[i].Busy != "" {
			busy = true
		}
	}
	if busy {
		return IconBusy
	}
	return IconIdle
}

func tooltip(s State) string {
	n := 0
	for i := range s.Profiles {
		if s.Profiles[i].Server != nil {
			n++
		}
	}
	switch n {
	case 0:
		return "Vaultbar"
	case 1:
		return "Vaultbar: 1 server running"
	default:
		return "Vaultbar: " + strconv.Itoa(n) + " servers running"
	}
}
