package tray

import (
	"cmp"
	"context"
	"errors"
	"time"
)

// Snapshot is what Load reads from the config file, the keyring and the settings file.
// Profile.Server and Profile.Busy are the controller's own and are ignored here.
type Snapshot struct {
	Profiles  []Profile
	Browsers  []Browser
	Browser   string // the selected browser id, "" for automatic
	Isolation string // the selected isolation mode, "" for the browser's default
	Problem   string // a config or keyring failure with its hint, "" when fine
	// Recent is the list SaveRecent saved last; the controller takes it until a profile is used.
	Recent []string
	// StartAtLogin is what the system records; the zero value hides "Start at login".
	StartAtLogin LoginItem
	// NotifySuccess is the "Notify on success" setting; the zero value hides its checkbox.
	NotifySuccess LoginItem
}

// Deps are the controller's effects, filled in by main. The controller calls every function
// except Now and IsCancel on a goroutine of its own, never on its loop, so each may be slow
// (a keyring unlock, an MFA dialog, an STS call). Each gets a context that is cancelled when
// Run returns, and must return soon after it is cancelled.
//
// Errors reach the user through Explain (a failed action's notification) and Describe (the
// problem line), so they must never carry a secret. A nil function is an effect this build
// does not have: clicking it notifies "not available". Now, IsCancel, Describe, Explain,
// Begin and Notify have defaults.
type Deps struct {
	// Load re-reads profiles, browsers and settings. A failure keeps the last profiles and
	// shows the error as the menu's Problem line.
	Load func(ctx context.Context) (Snapshot, error)

	OpenConsole    func(ctx context.Context, a Action) error // a.Profile, a.Region, a.Service
	CopyConsoleURL func(ctx context.Context, a Action) error // a.Profile
	CopyEnv        func(ctx context.Context, a Action) error // a.Profile, a.Format
	// StartServer starts a.Server ("ecs" or "ec2") for a.Profile, copies its env, and returns it.
	StartServer       func(ctx context.Context, a Action) (Server, error)
	StopServer        func(ctx context.Context, profile string) error
	CopyServerEnv     func(ctx context.Context, a Action) error
	ClearSession      func(ctx context.Context, a Action) error
	RemoveCredentials func(ctx context.Context, a Action) error // asks for confirmation
	AddCredentials    func(ctx context.Context, a Action) error // asks for profile and keys
	AddSSOProfiles    func(ctx context.Context, a Action) error // asks which sign-in, confirms what it adds
	CancelSignIn      func(ctx context.Context, a Action) error // stops the sign-in to a.Path
	RotateKeys        func(ctx context.Context, a Action) error // asks for confirmation, rotates a.Profile's key
	// KeyAge returns what IAM says of a.Profile's stored key: its CreateDate and the account
	// of its user. It runs in the background when the menu opens, at most once a day per profile.
	KeyAge           func(ctx context.Context, a Action) (KeyInfo, error)
	ClearAllSessions func(ctx context.Context, a Action) error // asks for confirmation
	SelectBrowser    func(ctx context.Context, a Action) error // persists a.Browser
	SelectIsolation  func(ctx context.Context, a Action) error // persists a.Isolation
	SetNotifySuccess func(ctx context.Context, a Action) error // persists a.On
	OpenConfigFile   func(ctx context.Context, a Action) error
	// ChooseAction asks which of ProfileActions(a.Profile) to run (a dialog); a cancel
	// returns an error IsCancel accepts.
	ChooseAction func(ctx context.Context, a Action) (Action, error)
	// FindProfile asks for one of rows (every profile, FindRows), then which of its
	// ProfileActions to run, and returns that action; a cancel returns an error IsCancel accepts.
	FindProfile func(ctx context.Context, rows []FindRow) (Action, error)
	// CopyAccountID copies a.Profile's AWS account ID.
	CopyAccountID func(ctx context.Context, a Action) error
	About         func(ctx context.Context, a Action) error
	// SetStartAtLogin turns starting at login on or off (the "Start at login" checkbox).
	SetStartAtLogin func(ctx context.Context, on bool) error
	// SaveRecent remembers the recent profiles, newest first, for the next start. Nil: they
	// are forgotten at Quit.
	SaveRecent func(ctx context.Context, recent []string) error

	// Notify shows a desktop notification. It is called off the loop, possibly from several
	// goroutines at once. Default: nothing.
	Notify func(title, body string)
	// Begin decorates the context an action's effect runs under (the app labels the dialogs
	// it may raise with the action). It is called off the loop. Default: ctx unchanged.
	Begin func(ctx context.Context, a Action) context.Context
	// Now is the clock for session expiry. Default: time.Now.
	Now func() time.Time
	// IsCancel reports whether err means the user cancelled a dialog, which is never reported
	// as a failure. Default: errors.Is(err, context.Canceled).
	IsCancel func(error) bool
	// Describe is a failure's text in the menu's problem line: the error and its hint.
	// Default: err.Error().
	Describe func(error) string
	// Explain is the notification of a failed action: a title naming the action and its
	// profile, and a body saying why in plain words and what to do next in the menu. It is
	// called off the loop. Default: "Couldn't " + Doing(a), and Describe(err).
	Explain func(a Action, err error) (title, body string)
	// FirstLoadWait is how long Run waits for the first Load before it renders a "Loading
	// profiles…" menu. Zero: 100 ms; negative: no wait.
	FirstLoadWait time.Duration
	// Tick triggers a reload (sessions expire, the keyring changes behind our back). Nil: a
	// one-minute ticker. Nothing in the controller runs more often than once a minute.
	Tick <-chan time.Time
	// Opened receives a value when the panel opens the menu: key ages are fetched then. Nil:
	// never (the panel says the menu opened, not which submenu; see keyage.go).
	Opened <-chan struct{}
}

// defaultFirstLoadWait: a config of 1,000 profiles and its keyring load in a few tens of
// milliseconds; a locked or remote keyring takes longer, and the icon should not wait for it.
const defaultFirstLoadWait = 100 * time.Millisecond

// errUnavailable is the error of a nil effect.
var errUnavailable = errors.New("not available in this build")

func (d *Deps) fillDefaults() {
	if d.Notify == nil {
		d.Notify = func(string, string) {}
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Describe == nil {
		d.Describe = func(err error) string { return err.Error() }
	}
	if d.Begin == nil {
		d.Begin = func(ctx context.Context, _ Action) context.Context { return ctx }
	}
	if d.Explain == nil {
		describe := d.Describe
		d.Explain = func(a Action, err error) (string, string) { return failTitle(a), describe(err) }
	}
	if d.IsCancel == nil {
		d.IsCancel = func(err error) bool { return errors.Is(err, context.Canceled) }
	}
	d.FirstLoadWait = cmp.Or(d.FirstLoadWait, defaultFirstLoadWait)
	if d.Load == nil {
		d.Load = func(context.Context) (Snapshot, error) { return Snapshot{}, nil }
	}
}

// effect returns the function that carries out a (StartServer and StopServer aside), or nil.
func (d *Deps) effect(k ActionKind) func(context.Context, Action) error {
	switch k {
	case OpenConsole:
		return d.OpenConsole
	case CopyConsoleURL:
		return d.CopyConsoleURL
	case CopyEnv:
		return d.CopyEnv
	case CopyServerEnv:
		return d.CopyServerEnv
	case ClearSession:
		return d.ClearSession
	case RemoveCredentials:
		return d.RemoveCredentials
	case AddCredentials:
		return d.AddCredentials
	case AddSSOProfiles:
		return d.AddSSOProfiles
	case CancelSignIn:
		return d.CancelSignIn
	case RotateKeys:
		return d.RotateKeys
	case ClearAllSessions:
		return d.ClearAllSessions
	case SelectBrowser:
		return d.SelectBrowser
	case SelectIsolation:
		return d.SelectIsolation
	case SetNotifySuccess:
		return d.SetNotifySuccess
	case OpenConfigFile:
		return d.OpenConfigFile
	case About:
		return d.About
	case CopyAccountID:
		return d.CopyAccountID
	}
	return nil
}
