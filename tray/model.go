package tray

import "time"

// Menu is everything the tray shows: plain data, compared by value to skip unchanged renders.
type Menu struct {
	Icon    Icon
	Tooltip string
	Items   []Item
}

// Icon names one of the icons in package assets.
type Icon int

const (
	IconIdle    Icon = iota // no server running
	IconServing             // at least one metadata server runs
	IconBusy                // a long action is in progress
)

// Item is one menu entry. An item with Children is a submenu; Separator items show a line.
type Item struct {
	Title     string
	Tooltip   string
	Disabled  bool
	Checkable bool // a checkbox item; Checked is its state
	Checked   bool
	Separator bool
	// Hidden items are not shown. Two variants of a submenu (a server stopped or running)
	// then have the same items, and the tray can switch between them in place.
	Hidden   bool
	Action   Action // what a click does; the zero Action does nothing
	Children []Item
}

// ActionKind says what a click asks for.
type ActionKind int

const (
	NoAction          ActionKind = iota
	OpenConsole                  // Profile; Region, Service or Path, Browser optional
	CopyConsoleURL               // Profile
	CopyEnv                      // Profile, Format (export, fish, powershell, dotenv, json)
	StartServer                  // Profile, Server ("ecs" or "ec2")
	StopServer                   // Profile
	CopyServerEnv                // Profile
	ClearSession                 // Profile
	RemoveCredentials            // Profile (asks for confirmation)
	AddCredentials               // (asks for profile and keys)
	ClearAllSessions             // (asks for confirmation)
	SelectBrowser                // Browser
	SelectIsolation              // Isolation
	OpenConfigFile
	About
	Quit
	// ChooseAction asks which action to run for Profile (large configs list most profiles as
	// one item each rather than a submenu); the chosen Action then runs as if clicked.
	ChooseAction
	SetStartAtLogin // On: the state asked for
	AddSSOProfiles  // (asks which sign-in, signs in, shows what it would add)
	// SignInShown and SignInEnded are not clicks: the app posts them while an IAM Identity
	// Center sign-in waits for the user in the browser (Path: the start URL, Format: the
	// user code), so the menu shows the code and CancelSignIn (Path) can stop it.
	SignInShown
	SignInEnded
	CancelSignIn
	RotateKeys // Profile (asks for confirmation naming the IAM user and key)
	CancelBusy // Profile: cancel its actions in flight (cancel.go)
	// FindProfile asks for a profile in a searchable list, then what to do with it (find.go).
	FindProfile
	CopyAccountID    // Profile: its AWS account ID to the clipboard
	SetNotifySuccess // On: whether a copy or Add credentials that worked is said
)

// Action is a click as a value: comparable, so menus compare by value too.
type Action struct {
	Kind      ActionKind
	Profile   string
	Region    string
	Service   string
	Path      string // a console path (vaultbar:// links)
	Format    string
	Server    string
	Browser   string
	Isolation string
	On        bool   // SetStartAtLogin: turn it on (true) or off
	Account   string // CopyAccountID: the account the header shows
}

// State is what the menu shows. The controller owns it; Build reads it.
type State struct {
	Version  string
	Now      time.Time
	Profiles []Profile
	Recent   []string // most recently used profile names, newest first
	Browsers []Browser
	Browser  string // selected browser id, "" for automatic
	// Isolation is the selected isolation mode, "" for the browser's default.
	Isolation string
	// Problem is a config or keyring failure to show at the top, with its hint, "" when fine.
	Problem      string
	StartAtLogin LoginItem
	// SignIns are the IAM Identity Center sign-ins waiting for the user, oldest first.
	SignIns []SignIn
	// NotifySuccess is the "Notify on success" checkbox (a LoginItem in shape: shown, on).
	NotifySuccess LoginItem
	// Busy is the progress of an action that belongs to no profile ("Adding credentials ⟳"),
	// "" when none runs; the menu offers to cancel it (cancel.go).
	Busy string

	byName map[string]int // Profiles by name, built by Build (label.go)
}

// SignIn is an IAM Identity Center sign-in waiting in the browser.
type SignIn struct {
	StartURL string
	UserCode string // the code the browser page must show
}

// LoginItem is the "Start at login" checkbox, as the system records it (read on each Load).
type LoginItem struct {
	Available bool   // this OS has a way to start Vaultbar at login; false hides the item
	On        bool   // the next login starts Vaultbar
	Tooltip   string // where the system records it, and anything the user should know
}

// Profile is one AWS profile as the menu shows it.
type Profile struct {
	Name string
	// Account is the AWS account ID from role_arn or sso_account_id, "" when the config does
	// not say (keys): large configs group by it. Role is the role's name from the same place.
	Account, Role string
	Region        string    // the profile's region, for "Open console in"
	HasKeys       bool      // long-term keys stored in the keyring
	Via           string    // where credentials come from without keys: source_profile, "SSO", "credential_process"
	SessionUntil  time.Time // the latest cached session's expiry, zero when none
	NeedsMFA      bool
	Server        *Server // the running metadata server, nil when none
	Busy          string  // progress of a long action ("Signing in…"), "" when idle
	// KeyCreated is IAM's CreateDate of the stored key, zero until known (keyage.go).
	KeyCreated time.Time
	// KeyAccount is the account IAM named for the stored key this profile uses (its own, or
	// its source_profile's when its config names no account), "" until known (keyage.go).
	// The header shows it where Account is empty; grouping never uses it, so the menu's
	// layout does not move when it arrives.
	KeyAccount string
}

// Server is a running metadata server.
type Server struct {
	Kind string // "ecs" or "ec2"
	Addr string // host:port
}

// Browser is an installed browser and the isolation modes it supports, default first.
type Browser struct {
	ID, Name   string
	Isolations []string
}
