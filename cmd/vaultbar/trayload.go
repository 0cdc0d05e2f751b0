package main

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/vaultbar/vaultbar/desktop"
	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/server"
	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// load reads what the menu shows: config profiles in file order, then profiles that only have
// keys in the keyring; their keys, sessions and regions; the browsers and the settings.
func (t *trayApp) load(context.Context) (tray.Snapshot, error) {
	var snap tray.Snapshot
	st, err := t.a.loadSettings()
	if err != nil {
		return snap, err
	}
	snap.Browser, snap.Isolation, snap.Recent = st.Browser, st.Isolation, t.recent
	snap.Browsers = trayBrowsers(t.a.detectBrowsers())
	cfg, err := t.a.loadConfig()
	if err != nil {
		return snap, err
	}
	store, _, err := t.vault()
	if err != nil {
		return snap, err
	}
	l, err := listingOf(cfg, store, time.Now())
	if err != nil {
		return snap, err
	}
	resolver := &vault.Resolver{File: cfg, Env: t.a.env}
	var problems []error
	for _, name := range l.names() {
		p, err := resolver.Profile(name)
		if err != nil {
			problems = append(problems, err)
			p = &vault.Profile{Name: name}
		}
		snap.Profiles = append(snap.Profiles, trayProfile(l, p))
	}
	if len(problems) > 0 {
		snap.Problem = userText(problems[0])
	}
	return snap, nil
}

func trayProfile(l *listing, p *vault.Profile) tray.Profile {
	tp := tray.Profile{Name: p.Name, Region: p.Region, HasKeys: l.hasKeys[p.Name], NeedsMFA: p.MFASerial != "",
		Group: firstOf(p.SourceProfileName, p.SSOAccountID), Via: via(p)}
	for _, s := range l.sessionsOf(p.Name) {
		if s.Expiration.After(tp.SessionUntil) {
			tp.SessionUntil = s.Expiration
		}
	}
	return tp
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

// saveSetting persists a browser (or isolation) choice in the settings file.
func (t *trayApp) saveSetting(a tray.Action, browser bool) error {
	st, err := t.a.loadSettings()
	if err != nil {
		return err
	}
	if browser {
		st.Browser, st.Isolation = a.Browser, ""
	} else {
		st.Isolation = a.Isolation
	}
	return t.a.saveSettings(st)
}

func (t *trayApp) startServer(ctx context.Context, a tray.Action) (tray.Server, error) {
	_, v, p, err := t.profile(a.Profile, "")
	if err != nil {
		return tray.Server{}, err
	}
	opts := t.serverRefresh()
	var told sync.Once // one notification per server: refreshes are retried every 30 s
	opts.OnError = func(err error) {
		told.Do(func() {
			_ = desktop.Notify("The metadata server for "+p.Name+" can no longer refresh its credentials", userText(err))
		})
	}
	src := server.NewSource(credentialsFunc(v, p), opts)
	if err := src.Prime(ctx); err != nil {
		src.Close()
		return tray.Server{}, err
	}
	run := &runningServer{src: src}
	if a.Server == "ec2" {
		run.srv, err = startEC2(src, "127.0.0.1:0", false, p.Region)
		if err == nil {
			run.vars = []envVar{{"AWS_EC2_METADATA_SERVICE_ENDPOINT", run.srv.URL() + "/"}}
		}
	} else {
		run.srv, run.vars, err = startECS(src, "", roleFunc(v, p))
	}
	if err != nil {
		src.Close()
		return tray.Server{}, err
	}
	t.mu.Lock()
	t.servers[a.Profile] = run
	t.mu.Unlock()
	if err := t.clip.CopySecret(exportLines(run.vars)); err != nil {
		return tray.Server{}, err
	}
	return tray.Server{Kind: firstOf(a.Server, "ecs"), Addr: run.srv.URL()[len("http://"):]}, nil
}

func (t *trayApp) stopServer(ctx context.Context, profile string) error {
	t.mu.Lock()
	run := t.servers[profile]
	delete(t.servers, profile)
	t.mu.Unlock()
	if run == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	err := run.srv.Shutdown(ctx)
	run.src.Close()
	return err
}

func (t *trayApp) copyServerEnv(_ context.Context, a tray.Action) error {
	t.mu.Lock()
	run := t.servers[a.Profile]
	t.mu.Unlock()
	if run == nil {
		return errors.New("no metadata server runs for this profile")
	}
	return t.clip.CopySecret(exportLines(run.vars))
}

func exportLines(vars []envVar) string {
	out, _ := formatVars("export", vars)
	return out
}
