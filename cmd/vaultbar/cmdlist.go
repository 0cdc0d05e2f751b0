package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	applayer "github.com/vaultbar/vaultbar/app" // the package name app is main's app type here
	"github.com/vaultbar/vaultbar/vault"
)

// listing is what `list` shows, gathered once: profiles in file order, stored keys and sessions.
type listing struct {
	profiles    []string
	inConfig    map[string]bool
	credentials []string
	hasKeys     map[string]bool
	sessions    []vault.SessionKey
	byProfile   map[string][]vault.SessionKey // sessions grouped by profile, keyring order kept
	oidc        []string
	now         time.Time
}

func (a *app) list(ctx context.Context, args []string) error {
	fs := a.flagSet("list")
	format := fs.String("format", "table", "table, json or alfred")
	pos, _, err := parseFlags(fs, args, -1)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("list takes no arguments")
	}
	if err := oneOf("format", *format, "table", "json", "alfred"); err != nil {
		return err
	}
	l, err := a.gatherListing()
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return writeJSON(a.io.out, l.jsonRows())
	case "alfred":
		return writeJSON(a.io.out, l.alfredItems())
	}
	return l.writeTable(a.io.out)
}

func (a *app) gatherListing() (*listing, error) {
	cfg, err := a.loadConfig()
	if err != nil {
		return nil, err
	}
	store, err := a.openStore()
	if err != nil {
		return nil, err
	}
	return listingOf(cfg, store, time.Now())
}

// listingOf reads the key names of the keyring once for all profiles of cfg.
func listingOf(cfg *vault.ConfigFile, store *vault.Store, now time.Time) (*listing, error) {
	var err error
	l := &listing{profiles: cfg.ProfileNames(), inConfig: map[string]bool{}, hasKeys: map[string]bool{}, now: now}
	for _, p := range l.profiles {
		l.inConfig[p] = true
	}
	if l.credentials, err = store.CredentialProfiles(); err != nil {
		return nil, err
	}
	for _, c := range l.credentials {
		l.hasKeys[c] = true
	}
	if l.sessions, err = store.Sessions(); err != nil {
		return nil, err
	}
	l.byProfile = make(map[string][]vault.SessionKey, len(l.sessions))
	for _, s := range l.sessions {
		l.byProfile[s.Profile] = append(l.byProfile[s.Profile], s)
	}
	if l.oidc, err = store.OIDCStartURLs(); err != nil {
		return nil, err
	}
	return l, nil
}

// sessionLabel is aws-vault's "<type>:<time left>", negative once expired.
func (l *listing) sessionLabel(s vault.SessionKey) string {
	return fmt.Sprintf("%s:%s", s.Type, s.Expiration.Sub(l.now).Truncate(time.Second))
}

func (l *listing) sessionsOf(profile string) []vault.SessionKey {
	return l.byProfile[profile]
}

// writeTable prints aws-vault's table: config profiles in file order, then stored keys with
// no profile, then sessions with no profile and every OIDC token. tabwriter writes each
// cell and its padding separately, so it goes through a buffer: one write per 4 KB, not
// a dozen system calls per line.
func (l *listing) writeTable(out io.Writer) error {
	bw := bufio.NewWriter(out)
	w := tabwriter.NewWriter(bw, 25, 4, 2, ' ', 0)
	fmt.Fprintln(w, "Profile\tCredentials\tSessions\t")
	fmt.Fprintln(w, "=======\t===========\t========\t")
	for _, p := range l.profiles {
		creds := "-"
		if l.hasKeys[p] {
			creds = p
		}
		labels := []string{}
		for _, s := range l.sessionsOf(p) {
			labels = append(labels, l.sessionLabel(s))
		}
		sessions := "-"
		if len(labels) > 0 {
			sessions = strings.Join(labels, ", ")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t\n", p, creds, sessions)
	}
	for _, c := range l.credentials {
		if !l.inConfig[c] {
			fmt.Fprintf(w, "-\t%s\t-\t\n", c)
		}
	}
	for _, u := range l.oidc {
		fmt.Fprintf(w, "-\t-\toidc:%s\t\n", u)
	}
	for _, s := range l.sessions {
		if !l.inConfig[s.Profile] {
			fmt.Fprintf(w, "-\t-\t%s\t\n", l.sessionLabel(s))
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

type jsonSession struct {
	Type       string    `json:"type"`
	MFASerial  string    `json:"mfa_serial,omitempty"`
	Expiration time.Time `json:"expiration"`
	Valid      bool      `json:"valid"`
}

type jsonProfile struct {
	Profile     string        `json:"profile"`
	InConfig    bool          `json:"in_config"`
	Credentials bool          `json:"credentials"`
	Sessions    []jsonSession `json:"sessions"`
}

// names is every profile to report: config profiles, then credential-only ones.
func (l *listing) names() []string {
	names := append([]string{}, l.profiles...)
	for _, c := range l.credentials {
		if !l.inConfig[c] {
			names = append(names, c)
		}
	}
	return names
}

func (l *listing) jsonRows() []jsonProfile {
	rows := []jsonProfile{}
	for _, p := range l.names() {
		row := jsonProfile{Profile: p, InConfig: l.inConfig[p], Credentials: l.hasKeys[p], Sessions: []jsonSession{}}
		for _, s := range l.sessionsOf(p) {
			row.Sessions = append(row.Sessions, jsonSession{Type: s.Type, MFASerial: s.MFASerial,
				Expiration: s.Expiration.UTC(), Valid: s.Expiration.After(l.now)})
		}
		rows = append(rows, row)
	}
	return rows
}

// alfredItems is the Alfred Script Filter document of packaging/alfred: each profile's
// actions are vaultbar:// URLs.
func (l *listing) alfredItems() applayer.AlfredDocument {
	profiles := []applayer.AlfredProfile{}
	for _, p := range l.names() {
		profiles = append(profiles, applayer.AlfredProfile{Name: p, Status: l.status(p)})
	}
	return applayer.AlfredList(profiles)
}

// status is a profile's state in words: the newest valid session, else whether keys are stored.
func (l *listing) status(p string) string {
	var until time.Time
	for _, s := range l.sessionsOf(p) {
		if s.Expiration.After(until) {
			until = s.Expiration
		}
	}
	switch {
	case until.After(l.now):
		return "session valid until " + until.Local().Format("15:04")
	case l.hasKeys[p]:
		return "keys stored"
	}
	return "no active session"
}

func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
