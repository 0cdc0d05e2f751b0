package tray

import (
	"cmp"
	"fmt"
	"strings"
	"time"
)

// A profile's top-level label says what matters without opening its submenu (issue 14,
// "State at a glance"). It is a pure function of the State and its Now:
//
//	alice · 42 min            a session, with the time it has left
//	bob-admin · ready via bob a role that will not prompt: its source has a session, or keys and no MFA
//	alice · needs MFA         keys or a role whose next use asks for an MFA code
//	bob · keys                keys stored, no MFA: the next use is silent
//	sso-dev · via SSO         credentials from somewhere else (a source without credentials,
//	                          IAM Identity Center, credential_process)
//	web · server              a metadata server runs; "web · server ⚠" when a session it
//	                          depends on ends within expiryWarning (see expiry.go)
//	nokeys · no credentials
//
// Width: a label always carries its state after " · " (none is bare), so a state appearing
// replaces words rather than adding a segment, and time left is written with figure spaces
// (U+2007, as wide as a digit) to a fixed number of digits, so the countdown never changes
// the width. dbusmenu has no tab stops or right-aligned columns, and menus use proportional
// fonts, so two different state words can still differ by a few pixels; that is the limit of
// what a StatusNotifier menu allows.

// figureSpace pads numbers to a fixed width in proportional fonts.
const figureSpace = "\u2007"

// stateSuffix is the state after a profile's name, " · …" (never empty), for an idle profile.
func stateSuffix(p *Profile, s State) string {
	switch {
	case p.Server != nil:
		if _, ok := serverExpiry(p, s); ok {
			return " · server" + keyMark
		}
		return " · server"
	case hasSession(p, s):
		return " · " + timeLeft(p.SessionUntil.Sub(s.Now))
	}
	if src := sourceOf(p, s); src != nil {
		switch {
		case hasSession(src, s), src.HasKeys && !p.NeedsMFA && !src.NeedsMFA:
			return " · ready via " + src.Name
		case p.NeedsMFA || src.NeedsMFA:
			return " · needs MFA"
		}
		return " · via " + src.Name
	}
	switch {
	case p.HasKeys && p.NeedsMFA:
		return " · needs MFA"
	case p.HasKeys:
		return " · keys"
	case p.Via != "":
		return " · via " + p.Via
	}
	return " · no credentials"
}

// timeLeft is a session's remaining time in whole minutes (rounded down, so it never claims
// more than there is), digits padded with figure spaces: " 7 min", "42 min", " 1 h 05", "11 h 58".
func timeLeft(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return "<1 min"
	case m < 60:
		return pad2(m) + " min"
	}
	return fmt.Sprintf("%s h %02d", pad2(m/60), m%60)
}

// pad2 writes n (0-99) in two digit widths.
func pad2(n int) string {
	if n < 10 {
		return figureSpace + fmt.Sprint(n)
	}
	return fmt.Sprint(n)
}

// sourceOf is the profile p gets credentials through (its source_profile), nil when Via is
// not a profile of s (SSO, credential_process) or names p itself.
func sourceOf(p *Profile, s State) *Profile {
	if p.Via == "" || p.Via == p.Name {
		return nil
	}
	if i, ok := s.index()[p.Via]; ok {
		return &s.Profiles[i]
	}
	return nil
}

// index maps profile names to their place in s.Profiles, built once per Build (State.byName).
func (s State) index() map[string]int {
	if s.byName != nil {
		return s.byName
	}
	return indexProfiles(s.Profiles)
}

func indexProfiles(ps []Profile) map[string]int {
	m := make(map[string]int, len(ps))
	for i := range ps {
		if _, dup := m[ps[i].Name]; !dup {
			m[ps[i].Name] = i
		}
	}
	return m
}

// accountOf is the account the header shows: the config's, else the one IAM named for the
// profile's stored key.
func accountOf(p *Profile) string {
	return cmp.Or(p.Account, p.KeyAccount)
}

// headerLine is the submenu's second line: "Account 123456789012 · role admin · eu-west-1",
// with what is known; "" hides it.
func headerLine(p *Profile) string {
	var parts []string
	account := accountOf(p)
	if account != "" {
		parts = append(parts, "account "+account)
	}
	if p.Role != "" {
		parts = append(parts, "role "+p.Role)
	}
	if p.Region != "" {
		parts = append(parts, p.Region)
	}
	line := strings.Join(parts, " · ")
	if account != "" || p.Role != "" { // a sentence; a region alone stays as AWS spells it
		line = strings.ToUpper(line[:1]) + line[1:]
	}
	return line
}

// headerItems are the submenu's lines after the state: account, role and region, and "Copy
// account ID". Hidden, not left out, when unknown: the submenu keeps one shape.
func headerItems(p *Profile) (Item, Item) {
	line := headerLine(p)
	return Item{Title: line, Disabled: true, Hidden: line == ""},
		Item{Title: "Copy account ID", Hidden: accountOf(p) == "", Action: Action{Kind: CopyAccountID, Profile: p.Name, Account: accountOf(p)}}
}
