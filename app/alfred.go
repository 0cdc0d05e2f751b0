package app

import "strings"

// AlfredProfile is one profile of the Alfred list: its name and its state in words
// ("session valid until 14:05", "keys stored", ...).
type AlfredProfile struct {
	Name, Status string
}

// AlfredDocument is an Alfred Script Filter document (alfredapp.com/help/workflows/inputs/
// script-filter/json/), what `vaultbar list --format=alfred` prints.
type AlfredDocument struct {
	Items []AlfredItem `json:"items"`
}

// AlfredItem is one row. Arg and the modifiers' args are vaultbar:// URLs, which the
// workflow hands to Alfred's Open URL action and macOS to the running app.
type AlfredItem struct {
	UID          string               `json:"uid,omitempty"`
	Title        string               `json:"title"`
	Subtitle     string               `json:"subtitle"`
	Arg          string               `json:"arg,omitempty"`
	Valid        bool                 `json:"valid"`
	Autocomplete string               `json:"autocomplete,omitempty"`
	Match        string               `json:"match,omitempty"`
	Text         *AlfredText          `json:"text,omitempty"`
	Mods         map[string]AlfredMod `json:"mods,omitempty"`
}

// AlfredMod is what ⌘, ⌥ or ⌃ held with ↩ does instead.
type AlfredMod struct {
	Valid    bool   `json:"valid"`
	Arg      string `json:"arg,omitempty"`
	Subtitle string `json:"subtitle"`
}

// AlfredText is what ⌘C copies and ⌘L shows large: the profile name.
type AlfredText struct {
	Copy      string `json:"copy"`
	Largetype string `json:"largetype"`
}

// alfredKeys is the subtitle's legend of the keys; the modifiers' own subtitles say more.
const alfredKeys = "↩ console · ⌘ copy env · ⌥ console URL · ⌃ server"

// AlfredList is the Script Filter document for profiles, in their order (uid = name, so
// Alfred learns which ones the user picks). ↩ opens the console, ⌘↩ copies env (export), ⌥↩
// copies a console sign-in URL and ⌃↩ starts an ECS credentials server, each a vaultbar://
// URL. A name no link can carry (one holding "/" or "..") is listed but not actionable, with
// the reason; an empty list is one row saying how to add a profile.
func AlfredList(profiles []AlfredProfile) AlfredDocument {
	doc := AlfredDocument{Items: []AlfredItem{}}
	for _, p := range profiles {
		doc.Items = append(doc.Items, alfredItem(p))
	}
	if len(doc.Items) == 0 {
		doc.Items = append(doc.Items, AlfredItem{Title: "No AWS profiles",
			Subtitle: "add one with Add credentials… in the Vaultbar menu, or vaultbar add PROFILE"})
	}
	return doc
}

func alfredItem(p AlfredProfile) AlfredItem {
	item := AlfredItem{UID: p.Name, Title: p.Name, Autocomplete: p.Name,
		Match: alfredMatch(p.Name), Text: &AlfredText{Copy: p.Name, Largetype: p.Name}}
	console := Link{Action: ActionConsole, Profile: p.Name}
	if _, err := ParseLink(console.String()); err != nil {
		item.Subtitle = "cannot be opened from Alfred: " + strings.TrimPrefix(err.Error(), ErrBadLink.Error()+": ")
		return item
	}
	item.Subtitle = strings.TrimPrefix(p.Status+" · "+alfredKeys, " · ")
	item.Arg, item.Valid = console.String(), true
	item.Mods = map[string]AlfredMod{
		"cmd": {Valid: true, Arg: Link{Action: ActionCopyEnv, Profile: p.Name}.String(),
			Subtitle: "copy env (export) of " + p.Name + " to the clipboard"},
		"alt": {Valid: true, Arg: Link{Action: ActionCopyConsoleURL, Profile: p.Name}.String(),
			Subtitle: "copy a console sign-in URL of " + p.Name},
		"ctrl": {Valid: true, Arg: Link{Action: ActionServe, Profile: p.Name}.String(),
			Subtitle: "start an ECS credentials server for " + p.Name},
	}
	return item
}

// alfredMatch lets a word inside a name find it ("admin" finds "prod-admin"): Alfred matches
// from the start of words, and its docs do not say that - _ . start one; where they do, the
// extra words change nothing.
func alfredMatch(name string) string {
	words := strings.NewReplacer("-", " ", "_", " ", ".", " ", "/", " ").Replace(name)
	if words == name {
		return ""
	}
	return name + " " + words
}
