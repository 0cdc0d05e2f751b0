package app

import (
	"context"
	"fmt"

	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// Snapshot reads what the menu shows: config profiles in file order, then profiles that only
// have keys in the keyring; their keys, sessions and regions; the browsers, the settings, and
// whether the system starts Vaultbar at login.
// recent is the list the controller starts from (LoadRecent's, read once at start).
func (a *App) Snapshot(ctx context.Context, recent []string) (tray.Snapshot, error) {
	snap := tray.Snapshot{StartAtLogin: a.loginItem(ctx)}
	st, err := a.LoadSettings()
	if err != nil {
		return snap, err
	}
	snap.Browser, snap.Isolation, snap.Recent = st.Browser, st.Isolation, recent
	snap.Browsers = trayBrowsers(a.detectBrowsers())
	cfg, l, err := a.listing()
	if err != nil {
		return snap, err
	}
	resolver := &vault.Resolver{File: cfg, Env: a.env}
	var problems []error
	for _, name := range l.Names() {
		p, err := resolver.Profile(name)
		if err != nil {
			problems = append(problems, err)
			p = &vault.Profile{Name: name}
		}
		snap.Profiles = append(snap.Profiles, trayProfile(l, p))
	}
	if len(problems) > 0 {
		snap.Problem = UserText(problems[0])
	}
	return snap, nil
}

func trayProfile(l *Listing, p *vault.Profile) tray.Profile {
	account, role := accountOf(p)
	return tray.Profile{Name: p.Name, Region: p.Region, HasKeys: l.HasKeys[p.Name], NeedsMFA: p.MFASerial != "",
		Account: account, Role: role, Via: via(p), SessionUntil: l.SessionUntil(p.Name)}
}

// via names where a profile without keys gets credentials, "" when it has no way.
func via(p *vault.Profile) string {
	switch {
	case p.SourceProfileName != "":
		return p.SourceProfileName
	case p.HasSSO():
		return "SSO"
	case p.CredentialProcess != "":
		return "credential_process"
	}
	return ""
}

func trayBrowsers(all []login.Browser) []tray.Browser {
	out := make([]tray.Browser, 0, len(all))
	for _, b := range all {
		tb := tray.Browser{ID: b.ID, Name: b.Name}
		for _, iso := range login.Isolations(b.Family) {
			tb.Isolations = append(tb.Isolations, iso.String())
		}
		out = append(out, tb)
	}
	return out
}

// UserText is err as the user reads it in the menu, in notifications and on stderr: the
// error, then its hint.
func UserText(err error) string {
	if h := vault.Hint(err); h != "" {
		return fmt.Sprintf("%v (hint: %s)", err, h)
	}
	return err.Error()
}
