package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/desktop"
	"github.com/vaultbar/vaultbar/login"
	"github.com/vaultbar/vaultbar/server"
	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// trayApp holds what the menu-bar app's effects share: one keyring store and one vault for the
// whole app (so menu clicks and servers share each refresh), the clipboard it owns, and the
// running servers. The controller calls effects on goroutines of their own, hence mu.
type trayApp struct {
	a      *app
	clip   *desktop.Clipboard
	recent []string // as saved by the last run, read once at start

	mu      sync.Mutex
	store   *vault.Store
	v       *vault.Vault
	servers map[string]*runningServer
}

type runningServer struct {
	srv  *server.Server
	src  *server.Source
	vars []envVar
}

func newTrayApp(a *app) (*trayApp, error) {
	st, err := a.loadSettings()
	if err != nil {
		return nil, err
	}
	after, err := st.clearAfter()
	if err != nil {
		return nil, err
	}
	clip := desktop.NewClipboard(desktop.ClipboardOptions{ClearAfter: after})
	return &trayApp{a: a, clip: clip, recent: a.loadRecent(), servers: map[string]*runningServer{}}, nil
}

// vault opens the keyring once, on first use (it may ask for a passphrase).
func (t *trayApp) vault() (*vault.Store, *vault.Vault, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.v == nil {
		store, err := t.a.openStore()
		if err != nil {
			return nil, nil, err
		}
		t.store, t.v = store, t.a.newVault(store)
	}
	return t.store, t.v, nil
}

// profile resolves a profile for an action, with the action's region if it names one.
func (t *trayApp) profile(name, region string) (*vault.Store, *vault.Vault, *vault.Profile, error) {
	store, v, err := t.vault()
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := t.a.resolve(store, name, vault.Overrides{Region: region})
	return store, v, p, err
}

func (t *trayApp) deps() tray.Deps {
	return tray.Deps{
		Load:              t.load,
		OpenConsole:       t.openConsole,
		CopyConsoleURL:    t.copyConsoleURL,
		CopyEnv:           t.copyEnv,
		StartServer:       t.startServer,
		StopServer:        t.stopServer,
		CopyServerEnv:     t.copyServerEnv,
		ClearSession:      t.clearSession,
		RemoveCredentials: t.removeCredentials,
		AddCredentials:    t.addCredentials,
		ClearAllSessions:  t.clearAllSessions,
		SelectBrowser:     func(_ context.Context, a tray.Action) error { return t.saveSetting(a, true) },
		SelectIsolation:   func(_ context.Context, a tray.Action) error { return t.saveSetting(a, false) },
		OpenConfigFile:    t.openConfigFile,
		ChooseAction:      t.chooseAction,
		About:             t.about,
		SaveRecent:        t.a.saveRecent,
		Notify:            func(title, body string) { _ = desktop.Notify(title, body) },
		IsCancel:          desktop.IsCancel,
		Describe:          userText,
	}
}

func (t *trayApp) openConsole(ctx context.Context, a tray.Action) error {
	req, err := t.consoleRequest(a)
	if err != nil {
		return err
	}
	spec, err := t.a.launchSpec(req.p, req.f, req.st)
	if err != nil {
		return err
	}
	s, err := t.a.signinURL(ctx, req.v, req.p, credentialFlags{}, req.f, req.st)
	if err != nil {
		return err
	}
	return t.a.openInBrowser(ctx, req.p, spec, req.f, s)
}

func (t *trayApp) copyConsoleURL(ctx context.Context, a tray.Action) error {
	req, err := t.consoleRequest(a)
	if err != nil {
		return err
	}
	s, err := t.a.signinURL(ctx, req.v, req.p, credentialFlags{}, req.f, req.st)
	if err != nil {
		return err
	}
	return t.clip.CopySecret(s.url)
}

// consoleRequest is what a console click needs: the settings, the profile, and its flags.
type consoleRequest struct {
	st settings
	v  *vault.Vault
	p  *vault.Profile
	f  consoleFlags
}

func (t *trayApp) consoleRequest(a tray.Action) (consoleRequest, error) {
	st, err := t.a.loadSettings()
	if err != nil {
		return consoleRequest{}, err
	}
	_, v, p, err := t.profile(a.Profile, a.Region)
	if err != nil {
		return consoleRequest{}, err
	}
	return consoleRequest{st: st, v: v, p: p, f: consoleFlags{service: a.Service, noLogout: st.NoLogout}}, nil
}

func (t *trayApp) copyEnv(ctx context.Context, a tray.Action) error {
	_, v, p, err := t.profile(a.Profile, "")
	if err != nil {
		return err
	}
	creds, err := v.Credentials(ctx, p, vault.CredentialOptions{})
	if err != nil {
		return err
	}
	out, err := formatEnv(firstOf(a.Format, "export"), p.Name, creds, p.Region)
	if err != nil {
		return err
	}
	return t.clip.CopySecret(out)
}

func (t *trayApp) clearSession(_ context.Context, a tray.Action) error {
	store, _, err := t.vault()
	if err != nil {
		return err
	}
	_, err = store.RemoveSessions(a.Profile)
	return err
}

func (t *trayApp) removeCredentials(ctx context.Context, a tray.Action) error {
	ok, err := desktop.Confirm(ctx, fmt.Sprintf("Remove the access keys and sessions of profile %s from the keyring?", a.Profile))
	if err != nil || !ok {
		return err
	}
	store, _, err := t.vault()
	if err != nil {
		return err
	}
	if err := store.RemoveCredentials(a.Profile); err != nil {
		return err
	}
	_, err = store.RemoveSessions(a.Profile)
	return err
}

func (t *trayApp) addCredentials(ctx context.Context, _ tray.Action) error {
	name, id, secret, err := desktop.AskCredentials(ctx)
	if err != nil {
		return err
	}
	if err := vault.CheckProfileName(name); err != nil {
		return err
	}
	keys, err := checkKeys(id, secret)
	if err != nil {
		return err
	}
	cfg, err := t.a.loadConfig()
	if err != nil {
		return err
	}
	if err := refuseSourced(cfg, t.a.env, name); err != nil {
		return err
	}
	store, _, err := t.vault()
	if err != nil {
		return err
	}
	if err := store.SetCredentials(name, keys); err != nil {
		return err
	}
	if _, err := store.RemoveSessions(name); err != nil {
		return err
	}
	if !cfg.HasProfile(name) {
		return cfg.AddProfile(name)
	}
	return nil
}

func (t *trayApp) clearAllSessions(ctx context.Context, _ tray.Action) error {
	ok, err := desktop.Confirm(ctx, "Delete every cached session and SSO token from the keyring?")
	if err != nil || !ok {
		return err
	}
	store, _, err := t.vault()
	if err != nil {
		return err
	}
	_, err = store.ClearAll()
	return err
}

// openConfigFile opens ~/.aws/config in the desktop's editor for text files.
func (t *trayApp) openConfigFile(ctx context.Context, _ tray.Action) error {
	path := t.a.configPath()
	argv := []string{"xdg-open", path}
	switch runtime.GOOS {
	case "darwin":
		argv = []string{"open", "-t", path}
	case "windows":
		argv = []string{"notepad.exe", path}
	}
	_, err := login.Launch(ctx, argv, t.a.environ())
	return err
}

func (t *trayApp) about(context.Context, tray.Action) error {
	return desktop.Notify("Vaultbar "+version, "aws-vault in the menu bar. Profiles from "+t.a.configPath()+".")
}

// chooseAction asks which action to run for a profile listed without a submenu.
func (t *trayApp) chooseAction(ctx context.Context, a tray.Action) (tray.Action, error) {
	p := tray.Profile{Name: a.Profile}
	t.mu.Lock()
	if t.servers[a.Profile] != nil {
		p.Server = &tray.Server{}
	}
	t.mu.Unlock()
	labels, actions := tray.ProfileActions(p)
	i, err := desktop.Choose(ctx, "What do you want to do with profile "+a.Profile+"?", labels)
	if err != nil {
		return tray.Action{}, err
	}
	return actions[i], nil
}

// credentialsFunc is a profile's credentials for a server, through the app's one vault.
func credentialsFunc(v *vault.Vault, p *vault.Profile) server.CredentialsFunc {
	return func(ctx context.Context) (aws.Credentials, error) {
		return v.Credentials(ctx, p, vault.CredentialOptions{})
	}
}

// serverRefresh is when servers refresh: when the vault itself would stop reusing a session.
func (t *trayApp) serverRefresh() server.SourceOptions {
	return server.SourceOptions{RefreshBefore: vault.MinTTLFromEnv(t.a.env), Now: time.Now}
}
