package tray

// "Find profile…" (issue 14, "Hundreds of profiles"): a large config's first item. It lists
// every profile with its state in a searchable list (zenity's list has type-ahead), then
// asks what to do with the one picked (ProfileActions), and runs that as if clicked.

var findItem = Item{Title: "Find profile…", Action: Action{Kind: FindProfile}}

// FindRow is one line of the "Find profile…" list.
type FindRow struct {
	Profile string
	Label   string // the name first (type-ahead matches the start), then its state
	// Serving: a metadata server runs for it, so the action chooser offers Stop.
	Serving bool
}

// FindRows is every profile of s, in file order, as "Find profile…" lists them.
func FindRows(s State) []FindRow {
	rows := make([]FindRow, len(s.Profiles))
	for i := range s.Profiles {
		p := &s.Profiles[i]
		rows[i] = FindRow{Profile: p.Name, Label: p.Name + " — " + stateLine(p, s), Serving: p.Server != nil}
	}
	return rows
}
