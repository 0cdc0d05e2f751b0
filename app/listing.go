package app

import (
	"fmt"
	"time"

	"github.com/vaultbar/vaultbar/vault"
)

// Listing is what the config file and the keyring hold, read once: profiles in file order,
// stored keys, sessions and OIDC tokens. `vaultbar list`, the menu and Alfred show it.
type Listing struct {
	Profiles    []string // config profiles in file order
	InConfig    map[string]bool
	Credentials []string // profiles with stored keys, keyring order
	HasKeys     map[string]bool
	Sessions    []vault.SessionKey
	OIDC        []string // start URLs of cached SSO tokens
	Now         time.Time
	byProfile   map[string][]vault.SessionKey // sessions grouped by profile, keyring order kept
}

// Listing reads the config file and the keyring's item names once.
func (a *App) Listing() (*Listing, error) {
	_, l, err := a.listing()
	return l, err
}

// listing is Listing and the config file it read.
func (a *App) listing() (*vault.ConfigFile, *Listing, error) {
	cfg, err := a.Config()
	if err != nil {
		return nil, nil, err
	}
	store, err := a.Store()
	if err != nil {
		return nil, nil, err
	}
	l, err := listingOf(cfg, store, a.fx.Now())
	return cfg, l, err
}

func listingOf(cfg *vault.ConfigFile, store *vault.Store, now time.Time) (*Listing, error) {
	var err error
	l := &Listing{Profiles: cfg.ProfileNames(), InConfig: map[string]bool{}, HasKeys: map[string]bool{}, Now: now}
	for _, p := range l.Profiles {
		l.InConfig[p] = true
	}
	if l.Credentials, err = store.CredentialProfiles(); err != nil {
		return nil, err
	}
	for _, c := range l.Credentials {
		l.HasKeys[c] = true
	}
	if l.Sessions, err = store.Sessions(); err != nil {
		return nil, err
	}
	l.byProfile = make(map[string][]vault.SessionKey, len(l.Sessions))
	for _, s := range l.Sessions {
		l.byProfile[s.Profile] = append(l.byProfile[s.Profile], s)
	}
	if l.OIDC, err = store.OIDCStartURLs(); err != nil {
		return nil, err
	}
	return l, nil
}

// Names is every profile: config profiles, then those that only have keys.
func (l *Listing) Names() []string {
	names := append([]string{}, l.Profiles...)
	for _, c := range l.Credentials {
		if !l.InConfig[c] {
			names = append(names, c)
		}
	}
	return names
}

// SessionsOf is a profile's cached sessions in keyring order.
func (l *Listing) SessionsOf(profile string) []vault.SessionKey {
	return l.byProfile[profile]
}

// SessionLabel is aws-vault's "<type>:<time left>", negative once expired.
func (l *Listing) SessionLabel(s vault.SessionKey) string {
	return fmt.Sprintf("%s:%s", s.Type, s.Expiration.Sub(l.Now).Truncate(time.Second))
}

// SessionUntil is when the profile's newest session expires, zero without one.
func (l *Listing) SessionUntil(profile string) time.Time {
	var until time.Time
	for _, s := range l.SessionsOf(profile) {
		if s.Expiration.After(until) {
			until = s.Expiration
		}
	}
	return until
}

// Status is a profile's state in words: the newest valid session, else whether keys are stored.
func (l *Listing) Status(profile string) string {
	switch until := l.SessionUntil(profile); {
	case until.After(l.Now):
		return "session valid until " + until.Local().Format("15:04")
	case l.HasKeys[profile]:
		return "keys stored"
	}
	return "no active session"
}
