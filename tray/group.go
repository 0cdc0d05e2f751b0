package tray

import (
	"slices"
	"strings"
)

// A large config's profiles are grouped so that no menu level grows past what a screen shows
// (issue 14, "Hundreds of profiles"):
//
//   - profiles whose AWS account is known (Profile.Account: role_arn or sso_account_id) group
//     by account; the group is named by the account's profile, the shortest member name
//     (file order breaks ties), with the account ID in its tooltip;
//   - a source profile (one another profile names in source_profile) whose account is not
//     known has a group of its own, named after it: itself first, then every profile that
//     signs in through it (those stay in their account's group too);
//   - the rest group by name prefix (the text before the first "-", "_" or "/").
//
// A group of one is the profile itself, not a submenu. Entries are sorted by title,
// case-insensitively. When a level has more entries than fit, consecutive entries go into
// range submenus ("acct0000-user – acct0049-dev"), recursively, so every level stays short
// and every profile stays reachable.

// maxMenuEntries is how many entries any submenu level holds before it is split into ranges.
const maxMenuEntries = 25

// maxTopLevel is how many non-separator items the top level holds at most; the profile
// groups get what the other items leave.
const maxTopLevel = 25

// minTopGroups keeps a usable number of group entries even when many sign-ins are waiting.
const minTopGroups = 8

// entry is one line of a grouped level: a profile (p) or a submenu (kids).
type entry struct {
	key     string // lower-case title, the sort key
	title   string
	tooltip string
	p       *Profile
	kids    []entry
}

// groupEntries returns the entries of a large config's profile section, at most budget of
// them at the top.
func groupEntries(s State, budget int) []entry {
	profiles, byName := s.Profiles, s.index()
	users := map[string][]*Profile{} // source profile name -> profiles that name it
	for i := range profiles {
		p := &profiles[i]
		if _, ok := byName[p.Via]; ok && p.Via != p.Name {
			users[p.Via] = append(users[p.Via], p)
		}
	}

	type bucket struct {
		title, tooltip string
		members        []*Profile
	}
	index := map[string]int{}
	var buckets []bucket
	add := func(key, title, tooltip string, ps ...*Profile) {
		j, ok := index[key]
		if !ok {
			j = len(buckets)
			index[key] = j
			buckets = append(buckets, bucket{title: title, tooltip: tooltip})
		}
		buckets[j].members = append(buckets[j].members, ps...)
	}
	for i := range profiles {
		p := &profiles[i]
		switch {
		case p.Account != "":
			add("account:"+p.Account, "", "AWS account "+p.Account, p)
		case len(users[p.Name]) > 0:
			add("source:"+p.Name, p.Name, "Profiles that sign in through "+p.Name, p)
			add("source:"+p.Name, p.Name, "", users[p.Name]...)
		default:
			prefix := namePrefix(p.Name)
			add("prefix:"+strings.ToLower(prefix), prefix, "", p)
		}
	}

	out := make([]entry, 0, len(buckets))
	for _, b := range buckets {
		if len(b.members) == 1 {
			p := b.members[0]
			out = append(out, entry{key: strings.ToLower(p.Name), title: p.Name, p: p})
			continue
		}
		title := b.title
		if title == "" { // an account: named by its shortest profile name
			title = b.members[0].Name
			for _, p := range b.members[1:] {
				if len(p.Name) < len(title) {
					title = p.Name
				}
			}
		}
		kids := make([]entry, len(b.members))
		for i, p := range b.members {
			kids[i] = entry{key: strings.ToLower(p.Name), title: p.Name, p: p}
		}
		out = append(out, entry{key: strings.ToLower(title), title: title, tooltip: b.tooltip, kids: split(kids, maxMenuEntries)})
	}
	slices.SortStableFunc(out, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	return split(out, budget)
}

// split returns es unchanged when it has at most limit entries; otherwise it puts runs of
// consecutive entries into at most limit range submenus, each split again if still too long.
func split(es []entry, limit int) []entry {
	if len(es) <= limit {
		return es
	}
	per := (len(es) + limit - 1) / limit // at least 2: a range of one would be a submenu of one
	out := make([]entry, 0, limit)
	for start := 0; start < len(es); start += per {
		run := es[start:min(start+per, len(es))]
		if len(run) == 1 {
			out = append(out, run[0])
			continue
		}
		title := run[0].title + " – " + run[len(run)-1].title
		out = append(out, entry{key: strings.ToLower(title), title: title, kids: split(run, maxMenuEntries)})
	}
	return out
}

// item turns an entry into a menu item: profiles ask what to do (chooserItem). Submenus'
// children come from pool, one allocation for the whole tree (see newPool).
func (e entry) item(s State, pool *[]Item) Item {
	if e.p != nil {
		return chooserItem(e.p, s)
	}
	children := (*pool)[:len(e.kids):len(e.kids)]
	*pool = (*pool)[len(e.kids):]
	for i, k := range e.kids {
		children[i] = k.item(s, pool)
	}
	return Item{Title: e.title, Tooltip: e.tooltip, Children: children}
}

// newPool has room for every item below the entries es.
func newPool(es []entry) *[]Item {
	var count func([]entry) int
	count = func(es []entry) int {
		n := 0
		for _, e := range es {
			n += len(e.kids) + count(e.kids)
		}
		return n
	}
	pool := make([]Item, count(es))
	return &pool
}

func namePrefix(name string) string {
	if i := strings.IndexAny(name, "-_/"); i > 0 {
		return name[:i]
	}
	return name
}

// topGroupBudget is how many group entries fit on the top level beside the other items.
func topGroupBudget(others int) int {
	return max(maxTopLevel-others, minTopGroups)
}
