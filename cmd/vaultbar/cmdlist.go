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

	"github.com/vaultbar/vaultbar/app"
)

func (c *invocation) list(_ context.Context, args []string) error {
	fs := c.flagSet("list")
	format := fs.String("format", "table", "table, json or alfred")
	var only bareList
	fs.BoolVar(&only.profiles, "profiles", false, "print only the profile names, one a line")
	fs.BoolVar(&only.sessions, "sessions", false, "print only the session labels, one a line")
	fs.BoolVar(&only.credentials, "credentials", false, "print only the profiles with stored keys, one a line")
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
	l, err := c.newApp(app.Options{}).Listing()
	if err != nil {
		return err
	}
	if only != (bareList{}) {
		return writeBareList(c.io.out, l, only)
	}
	switch *format {
	case "json":
		return writeJSON(c.io.out, jsonRows(l))
	case "alfred":
		return writeJSON(c.io.out, alfredItems(l))
	}
	return writeTable(c.io.out, l)
}

// writeTable prints aws-vault's table: config profiles in file order, then stored keys with
// no profile, then sessions with no profile and every OIDC token. tabwriter writes each
// cell and its padding separately, so it goes through a buffer: one write per 4 KB, not
// a dozen system calls per line.
func writeTable(out io.Writer, l *app.Listing) error {
	bw := bufio.NewWriter(out)
	w := tabwriter.NewWriter(bw, 25, 4, 2, ' ', 0)
	fmt.Fprintln(w, "Profile\tCredentials\tSessions\t")
	fmt.Fprintln(w, "=======\t===========\t========\t")
	for _, p := range l.Profiles {
		creds := "-"
		if l.HasKeys[p] {
			creds = p
		}
		labels := []string{}
		for _, s := range l.SessionsOf(p) {
			labels = append(labels, l.SessionLabel(s))
		}
		sessions := "-"
		if len(labels) > 0 {
			sessions = strings.Join(labels, ", ")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t\n", p, creds, sessions)
	}
	for _, c := range l.Credentials {
		if !l.InConfig[c] {
			fmt.Fprintf(w, "-\t%s\t-\t\n", c)
		}
	}
	for _, u := range l.OIDC {
		fmt.Fprintf(w, "-\t-\toidc:%s\t\n", u)
	}
	for _, s := range l.Sessions {
		if !l.InConfig[s.Profile] {
			fmt.Fprintf(w, "-\t-\t%s\t\n", l.SessionLabel(s))
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// bareList is aws-vault's list --profiles, --sessions and --credentials, which scripts and
// shell completions read.
type bareList struct{ profiles, sessions, credentials bool }

// writeBareList prints one of the lists, one name a line, with aws-vault's precedence when
// several are asked for: credentials, then profiles, then sessions (OIDC tokens first).
func writeBareList(out io.Writer, l *app.Listing, only bareList) error {
	var lines []string
	switch {
	case only.credentials:
		lines = l.Credentials
	case only.profiles:
		lines = l.Profiles
	default:
		for _, u := range l.OIDC {
			lines = append(lines, "oidc:"+u)
		}
		for _, s := range l.Sessions {
			lines = append(lines, l.SessionLabel(s))
		}
	}
	bw := bufio.NewWriter(out)
	for _, line := range lines {
		fmt.Fprintln(bw, line)
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

func jsonRows(l *app.Listing) []jsonProfile {
	rows := []jsonProfile{}
	for _, p := range l.Names() {
		row := jsonProfile{Profile: p, InConfig: l.InConfig[p], Credentials: l.HasKeys[p], Sessions: []jsonSession{}}
		for _, s := range l.SessionsOf(p) {
			row.Sessions = append(row.Sessions, jsonSession{Type: s.Type, MFASerial: s.MFASerial,
				Expiration: s.Expiration.UTC(), Valid: s.Expiration.After(l.Now)})
		}
		rows = append(rows, row)
	}
	return rows
}

// alfredItems is the Alfred Script Filter document: each profile's console link, and its
// other links on the modifier keys.
func alfredItems(l *app.Listing) app.AlfredDocument {
	profiles := []app.AlfredProfile{}
	for _, p := range l.Names() {
		profiles = append(profiles, app.AlfredProfile{Name: p, Status: l.Status(p)})
	}
	return app.AlfredList(profiles)
}

func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
