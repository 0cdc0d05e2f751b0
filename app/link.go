package app

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vaultbar/vaultbar/vault"
)

// The actions of a vaultbar:// URL: the part after "vaultbar://".
const (
	ActionConsole        = "console"
	ActionCopyEnv        = "copy-env"
	ActionCopyConsoleURL = "copy-console-url"
	ActionServe          = "serve"
	ActionStop           = "stop"
	ActionClear          = "clear"
	ActionAdd            = "add"
	// ActionFind opens Find profile…: bound to a key in the desktop's keyboard settings (or an
	// Alfred or Raycast hotkey), it is the global shortcut the menu cannot register itself.
	ActionFind = "find"
)

// takesNoProfile reports the actions that name no profile: vaultbar://add, vaultbar://find.
func takesNoProfile(action string) bool { return action == ActionAdd || action == ActionFind }

// What ParseLink fills in when a link leaves format or kind out.
const (
	DefaultEnvFormat  = "export"
	DefaultServerKind = ECS
)

// MaxLinkLen bounds a vaultbar:// URL, raw and canonical: real links are an action, a profile
// and a console path, far below it.
const MaxLinkLen = 2048

// ErrBadLink is wrapped by every ParseLink error; test with errors.Is.
var ErrBadLink = errors.New("invalid vaultbar url")

// Link is one parsed vaultbar:// URL. Profile is decoded; the fields an action does not take
// are empty.
type Link struct {
	Action                                                string
	Profile, Region, Service, Path, Browser, Format, Kind string
}

// linkAction is an action and the query keys it takes, in the order String writes them.
type linkAction struct {
	name   string
	params []string
}

// linkActions are the actions in the order the hints list them.
var linkActions = []linkAction{
	{ActionConsole, []string{"region", "service", "path", "browser"}},
	{ActionCopyEnv, []string{"format"}},
	{ActionCopyConsoleURL, nil},
	{ActionServe, []string{"kind"}},
	{ActionStop, nil},
	{ActionClear, nil},
	{ActionAdd, nil},
	{ActionFind, nil},
}

var (
	linkServerKinds = []string{ECS, EC2}
	regionShape     = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]+)+-[0-9]+$`) // us-east-1, us-gov-west-1
)

// isIdentifier reports a service or browser id: 1 to 64 of [a-z0-9-]. A loop, not the regexp
// `^[a-z0-9-]{1,64}$`, whose compiled repeat cost every command's start 50 KB.
func isIdentifier(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := range len(s) {
		if b := s[i]; !('a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '-') {
			return false
		}
	}
	return true
}

const (
	linkScheme   = "vaultbar"
	maxRegionLen = 32
)

// HandsOutSecrets reports whether the action puts credentials within reach of whoever asked:
// on the clipboard (copy-env, copy-console-url) or on a local credentials server (serve).
// Any web page can open a vaultbar:// URL, so these are confirmed before they run.
func (l Link) HandsOutSecrets() bool {
	return l.Action == ActionCopyEnv || l.Action == ActionCopyConsoleURL || l.Action == ActionServe
}

// String is l's canonical URL: every byte of the profile and the values outside A-Z a-z 0-9
// - . _ ~ percent-encoded ("/" kept in values), keys in a fixed order, the default format
// and kind left out. ParseLink(l.String()) == l for every l that ParseLink returns.
func (l Link) String() string {
	var b strings.Builder
	b.WriteString(linkScheme + "://" + l.Action)
	if !takesNoProfile(l.Action) {
		b.WriteString("/" + escapeLinkPart(l.Profile))
	}
	sep := "?"
	add := func(key, value, def string) {
		if value != "" && value != def {
			b.WriteString(sep + key + "=" + strings.ReplaceAll(escapeLinkPart(value), "%2F", "/"))
			sep = "&"
		}
	}
	add("region", l.Region, "")
	add("service", l.Service, "")
	add("path", l.Path, "")
	add("browser", l.Browser, "")
	add("format", l.Format, DefaultEnvFormat)
	add("kind", l.Kind, DefaultServerKind)
	return b.String()
}

// escapeLinkPart percent-encodes every byte but the unreserved ones (RFC 3986), the same rule
// as the Raycast scripts' bash loop.
func escapeLinkPart(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		default:
			b.WriteString("%" + hex[c>>4:c>>4+1] + hex[c&15:c&15+1])
		}
	}
	return b.String()
}

// ParseLink reads a vaultbar:// URL. Any web page can open one, so everything not in the
// grammar is refused rather than ignored: an unknown action or query key (a typo such as
// "regoin" would otherwise open something other than what was asked, and an older app would
// silently drop a newer key), a repeated key, a fragment, spaces and control characters
// (raw or percent-encoded), a profile that is not a config section name or holds "/" or "..",
// a console path that could leave the AWS console, and anything over MaxLinkLen bytes.
// Errors wrap ErrBadLink, carry a hint and quote at most a short prefix of the input.
func ParseLink(raw string) (Link, error) {
	if len(raw) > MaxLinkLen {
		return Link{}, badLink("vaultbar urls are an action, a profile and a few parameters",
			"the url is %d bytes, more than %d", len(raw), MaxLinkLen)
	}
	if !utf8.ValidString(raw) {
		return Link{}, badLink("percent-encode non-ascii characters", "the url is not valid utf-8")
	}
	if i := strings.IndexFunc(raw, func(r rune) bool { return r == ' ' || invisible(r) }); i >= 0 {
		return Link{}, badLink("percent-encode spaces (%20) and other special characters",
			"the url contains a space or control character at byte %d", i)
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || !strings.EqualFold(scheme, linkScheme) {
		return Link{}, badLink("links look like vaultbar://console/PROFILE", "%s is not a vaultbar:// url", clip(raw))
	}
	if strings.Contains(rest, "#") {
		return Link{}, badLink("percent-encode # as %23, e.g. path=/ec2/home%23Instances", "the url has a # fragment")
	}
	head, query, _ := strings.Cut(rest, "?")
	action, rawProfile, hasProfile := strings.Cut(head, "/")
	l := Link{Action: strings.ToLower(action)}
	i := slices.IndexFunc(linkActions, func(a linkAction) bool { return a.name == l.Action })
	if i < 0 {
		return Link{}, badLink("use one of "+actionNames(), "unknown action %s", clip(action))
	}
	if err := l.parseProfile(rawProfile, hasProfile); err != nil {
		return Link{}, err
	}
	if err := l.parseQuery(query, linkActions[i].params); err != nil {
		return Link{}, err
	}
	if err := l.check(); err != nil {
		return Link{}, err
	}
	if n := len(l.String()); n > MaxLinkLen {
		return Link{}, badLink("vaultbar urls are an action, a profile and a few parameters",
			"the url is %d bytes once percent-encoded, more than %d", n, MaxLinkLen)
	}
	return l, nil
}

func (l *Link) parseProfile(raw string, given bool) error {
	if takesNoProfile(l.Action) {
		if raw != "" {
			return badLink(fmt.Sprintf("use vaultbar://%s and pick the profile in the dialog", l.Action), "%s takes no profile", l.Action)
		}
		return nil
	}
	hint := fmt.Sprintf("use vaultbar://%s/PROFILE, the profile name percent-encoded", l.Action)
	if !given || raw == "" {
		return badLink(hint, "%s needs a profile", l.Action)
	}
	p, err := url.PathUnescape(raw)
	if err != nil {
		return badLink(hint, "the profile %s is not percent-encoded correctly", clip(raw))
	}
	if err := checkText("the profile name", p); err != nil {
		return err
	}
	switch {
	case strings.Contains(p, "/"):
		return badLink("profile names in links cannot hold / (a trailing / is one too)", "profile name %s contains /", clip(p))
	case strings.Contains(p, ".."):
		return badLink("profile names in links cannot hold .. or be .", "profile name %s contains ..", clip(p))
	case p == ".":
		return badLink("profile names in links cannot hold .. or be .", "profile name \".\" is a path, not a name")
	}
	if err := vault.CheckProfileName(p); err != nil {
		if len(p) > maxEcho { // its message quotes the whole name
			return vault.WithHint(fmt.Errorf("%w: profile name %s cannot be a config section", ErrBadLink, clip(p)), "%s", vault.Hint(err))
		}
		return fmt.Errorf("%w: %w", ErrBadLink, err)
	}
	l.Profile = p
	return nil
}

func (l *Link) parseQuery(query string, params []string) error {
	takes := l.Action + " takes no parameters"
	if len(params) > 0 {
		takes = l.Action + " takes " + strings.Join(params, ", ")
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		return badLink("write KEY=VALUE pairs joined by &, each percent-encoded", "the query %s does not parse", clip(query))
	}
	for _, k := range slices.Sorted(maps.Keys(values)) { // the same input, the same error
		v := values[k]
		switch {
		case !slices.Contains(params, k):
			return badLink(takes, "unknown parameter %s", clip(k))
		case len(v) > 1:
			return badLink("give each parameter once", "parameter %s is repeated", k)
		case v[0] == "":
			return badLink("leave the parameter out for the default", "parameter %s is empty", k)
		}
		if err := checkText("parameter "+k, v[0]); err != nil {
			return err
		}
		*l.field(k) = v[0]
	}
	return nil
}

// field is the Link field of query key k, one of linkActions' params.
func (l *Link) field(k string) *string {
	switch k {
	case "region":
		return &l.Region
	case "service":
		return &l.Service
	case "path":
		return &l.Path
	case "browser":
		return &l.Browser
	case "format":
		return &l.Format
	}
	return &l.Kind
}

// check validates the values and fills in the defaults of format and kind.
func (l *Link) check() error {
	switch {
	case l.Region != "" && (len(l.Region) > maxRegionLen || !regionShape.MatchString(l.Region)):
		return badLink("use a region name such as us-east-1", "region %s is not a region name", clip(l.Region))
	case l.Service != "" && !isIdentifier(l.Service):
		return badLink("use a console shortcut such as ec2 or s3 (lowercase letters, digits and -)", "service %s is not a service shortcut", clip(l.Service))
	case l.Browser != "" && !isIdentifier(l.Browser):
		return badLink("use a browser id such as firefox or chrome (lowercase letters, digits and -)", "browser %s is not a browser id", clip(l.Browser))
	case l.Service != "" && l.Path != "":
		return badLink("give either a service or a path", "both a service and a path were given")
	case l.Path != "":
		if err := checkConsolePath(l.Path); err != nil {
			return err
		}
	}
	if l.Action == ActionCopyEnv {
		l.Format = cmp.Or(l.Format, DefaultEnvFormat)
		if !slices.Contains(EnvFormats, l.Format) {
			return badLink("use one of "+strings.Join(EnvFormats, ", "), "unknown format %s", clip(l.Format))
		}
	}
	if l.Action == ActionServe {
		l.Kind = cmp.Or(l.Kind, DefaultServerKind)
		if !slices.Contains(linkServerKinds, l.Kind) {
			return badLink("use kind=ecs or kind=ec2", "unknown server kind %s", clip(l.Kind))
		}
	}
	return nil
}

// checkConsolePath accepts a path on the console host only: login.ConsoleURL would take a
// full https URL on the console domain too, but nothing a web page sends needs one, and a
// leading "//", a scheme or a backslash (browsers read it as "/") could name another host.
func checkConsolePath(p string) error {
	const hint = "give a console path such as /ec2/home (percent-encode # as %23)"
	switch {
	case !strings.HasPrefix(p, "/"):
		return badLink(hint, "path %s does not start with /", clip(p))
	case strings.HasPrefix(p, "//"), strings.Contains(p, "://"), strings.Contains(p, `\`):
		return badLink(hint, "path %s could lead off the aws console", clip(p))
	case strings.Contains(p, " "):
		return badLink(hint, "path %s contains a space", clip(p))
	}
	return nil
}

// checkText refuses what a dialog or a notification could not show faithfully: invalid
// UTF-8, control characters (C0, C1), line separators and invisible format characters such
// as the right-to-left override, which could make one profile name look like another.
func checkText(what, s string) error {
	if !utf8.ValidString(s) {
		return badLink("percent-encode the utf-8 bytes of the text", "%s is not valid utf-8", what)
	}
	if i := strings.IndexFunc(s, invisible); i >= 0 {
		return badLink("remove control and invisible formatting characters", "%s contains a control character at byte %d", what, i)
	}
	return nil
}

// invisible: control characters (C0, DEL, C1), line and paragraph separators, and format
// characters (Cf: right-to-left override, zero-width joiner, ...).
func invisible(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

func actionNames() string {
	names := make([]string, len(linkActions))
	for i, a := range linkActions {
		names[i] = a.name
	}
	return strings.Join(names, ", ")
}

// badLink is an ErrBadLink error; hint is plain text, not a format.
func badLink(hint, format string, args ...any) error {
	return vault.WithHint(fmt.Errorf("%w: "+format, append([]any{ErrBadLink}, args...)...), "%s", hint)
}

// maxEcho is how much of an input an error quotes: never a whole over-long URL.
const maxEcho = 48

// clip quotes s, cut to maxEcho bytes on a rune boundary.
func clip(s string) string {
	if len(s) <= maxEcho {
		return strconv.Quote(s)
	}
	cut := maxEcho
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}
