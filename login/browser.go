package login

// Family groups browsers that take the same command-line flags.
type Family int

// The browser families. The zero Family is not a valid one.
const (
	Chromium Family = iota + 1 // Chrome, Chromium, Brave, Edge, Vivaldi: --user-data-dir, --profile-directory
	Firefox                    // Firefox and its channels: containers or --profile
	Safari                     // macOS only, no isolation
	Arc                        // macOS only, no isolation
	Default                    // the desktop's default browser (open, xdg-open)
	Custom                     // a user-supplied command template
)

var familyNames = map[Family]string{
	Chromium: "chromium", Firefox: "firefox", Safari: "safari", Arc: "arc", Default: "default", Custom: "custom",
}

func (f Family) String() string {
	if s, ok := familyNames[f]; ok {
		return s
	}
	return "unknown"
}

// Browser is one browser installed on this machine, as Detect found it.
type Browser struct {
	ID     string // stable identifier used in settings and --browser: "chrome", "firefox-dev", "default"
	Name   string // display name: "Google Chrome"
	Family Family
	// Command is the argv prefix that starts the browser: ["/usr/bin/chromium"],
	// ["/snap/bin/firefox"], ["flatpak", "run", "org.mozilla.firefox"], or on macOS
	// ["open", "-na", "/Applications/Google Chrome.app", "--args"]. Argv appends flags and the URL.
	Command []string
	// Packaging is "" for a native install, "snap" or "flatpak" for a sandboxed one; sandboxed
	// browsers can only write below their own directories (see SandboxDataRoot).
	Packaging string
	// AppID is the snap name or the flatpak application id when Packaging is set.
	AppID string
	// App is the macOS application bundle path ("/Applications/Firefox.app"), used by Argv to
	// build `open` commands; empty elsewhere.
	App string
}
