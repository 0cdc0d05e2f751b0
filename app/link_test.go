package app

import (
	"cmp"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/vaultbar/vaultbar/vault"
)

var acceptedLinks = []struct {
	raw       string
	want      Link
	canonical string // String of the result; "" = raw itself
}{
	{raw: "vaultbar://console/dev", want: Link{Action: ActionConsole, Profile: "dev"}},
	{raw: "vaultbar://console/dev?region=eu-west-1&service=ec2&browser=firefox",
		want: Link{Action: ActionConsole, Profile: "dev", Region: "eu-west-1", Service: "ec2", Browser: "firefox"}},
	{raw: "vaultbar://console/dev?path=/ec2/home%3Fregion%3Dus-east-1%23Instances:sort=desc&region=us-gov-west-1",
		want:      Link{Action: ActionConsole, Profile: "dev", Region: "us-gov-west-1", Path: "/ec2/home?region=us-east-1#Instances:sort=desc"},
		canonical: "vaultbar://console/dev?region=us-gov-west-1&path=/ec2/home%3Fregion%3Dus-east-1%23Instances%3Asort%3Ddesc"},
	// a path may hold an encoded "//" or "@" past its first character: the host stays the console's
	{raw: "vaultbar://console/dev?path=/s3/buckets/a%2F%2Fb%40c",
		want: Link{Action: ActionConsole, Profile: "dev", Path: "/s3/buckets/a//b@c"}, canonical: "vaultbar://console/dev?path=/s3/buckets/a//b%40c"},
	{raw: "vaultbar://console/team%20a%20%26%20b", want: Link{Action: ActionConsole, Profile: "team a & b"}},
	{raw: "vaultbar://console/caf%C3%A9%E2%98%81", want: Link{Action: ActionConsole, Profile: "café☁"}},
	{raw: "vaultbar://console/café", want: Link{Action: ActionConsole, Profile: "café"}, canonical: "vaultbar://console/caf%C3%A9"},
	{raw: "vaultbar://console/a+b@c:d", want: Link{Action: ActionConsole, Profile: "a+b@c:d"}, canonical: "vaultbar://console/a%2Bb%40c%3Ad"},
	{raw: "vaultbar://console/a%25b", want: Link{Action: ActionConsole, Profile: "a%b"}},
	{raw: "vaultbar://console/a.b_c-d~e", want: Link{Action: ActionConsole, Profile: "a.b_c-d~e"}},
	{raw: "VaultBar://Console/dev", want: Link{Action: ActionConsole, Profile: "dev"}, canonical: "vaultbar://console/dev"},
	{raw: "vaultbar://console/dev?", want: Link{Action: ActionConsole, Profile: "dev"}, canonical: "vaultbar://console/dev"},
	{raw: "vaultbar://copy-env/dev", want: Link{Action: ActionCopyEnv, Profile: "dev", Format: "export"}},
	{raw: "vaultbar://copy-env/dev?format=export", want: Link{Action: ActionCopyEnv, Profile: "dev", Format: "export"},
		canonical: "vaultbar://copy-env/dev"},
	{raw: "vaultbar://copy-env/dev?format=fish", want: Link{Action: ActionCopyEnv, Profile: "dev", Format: "fish"}},
	{raw: "vaultbar://copy-env/dev?format=powershell", want: Link{Action: ActionCopyEnv, Profile: "dev", Format: "powershell"}},
	{raw: "vaultbar://copy-env/dev?format=dotenv", want: Link{Action: ActionCopyEnv, Profile: "dev", Format: "dotenv"}},
	{raw: "vaultbar://copy-env/dev?format=json", want: Link{Action: ActionCopyEnv, Profile: "dev", Format: "json"}},
	{raw: "vaultbar://copy-env/dev?format=env", want: Link{Action: ActionCopyEnv, Profile: "dev", Format: "env"}},
	{raw: "vaultbar://copy-console-url/prod", want: Link{Action: ActionCopyConsoleURL, Profile: "prod"}},
	{raw: "vaultbar://serve/dev", want: Link{Action: ActionServe, Profile: "dev", Kind: "ecs"}},
	{raw: "vaultbar://serve/dev?kind=ec2", want: Link{Action: ActionServe, Profile: "dev", Kind: "ec2"}},
	{raw: "vaultbar://serve/dev?kind=ecs", want: Link{Action: ActionServe, Profile: "dev", Kind: "ecs"}, canonical: "vaultbar://serve/dev"},
	{raw: "vaultbar://stop/dev", want: Link{Action: ActionStop, Profile: "dev"}},
	{raw: "vaultbar://clear/dev", want: Link{Action: ActionClear, Profile: "dev"}},
	{raw: "vaultbar://add", want: Link{Action: ActionAdd}},
	{raw: "vaultbar://add/", want: Link{Action: ActionAdd}, canonical: "vaultbar://add"},
	{raw: "vaultbar://find", want: Link{Action: ActionFind}},
}

func TestParseLinkAccepts(t *testing.T) {
	for _, c := range acceptedLinks {
		got, err := ParseLink(c.raw)
		if err != nil {
			t.Errorf("ParseLink(%q): %v (hint %q)", c.raw, err, vault.Hint(err))
			continue
		}
		if got != c.want {
			t.Errorf("ParseLink(%q) = %+v, want %+v", c.raw, got, c.want)
		}
		if want := cmp.Or(c.canonical, c.raw); got.String() != want {
			t.Errorf("ParseLink(%q).String() = %q, want %q", c.raw, got.String(), want)
		}
		if again, err := ParseLink(got.String()); err != nil || again != got {
			t.Errorf("ParseLink(%q) = %+v, %v; want %+v", got.String(), again, err, got)
		}
	}
}

func TestParseLinkRefuses(t *testing.T) {
	long := "vaultbar://console/" + strings.Repeat("a", MaxLinkLen)
	wide := "vaultbar://console/" + strings.Repeat("é", 800) // 1,619 bytes raw, 4,819 percent-encoded
	for _, c := range []struct{ raw, want string }{
		{"", "is not a vaultbar:// url"},
		{"https://console.aws.amazon.com/", `"https://console.aws.amazon.com/" is not a vaultbar:// url`},
		{"vaultbar:console/dev", "is not a vaultbar:// url"},
		{"vaultbar://open/dev", `unknown action "open"`},
		{"vaultbar://console%2Fdev", `unknown action "console%2Fdev"`},
		{"vaultbar:///dev", `unknown action ""`},
		{"vaultbar://console", "console needs a profile"},
		{"vaultbar://console/", "console needs a profile"},
		{"vaultbar://copy-env/?format=json", "copy-env needs a profile"},
		{"vaultbar://add/dev", "add takes no profile"},
		{"vaultbar://find/dev", "find takes no profile"},
		{"vaultbar://console/dev/", `profile name "dev/" contains /`},
		{"vaultbar://console/a%2Fb", `profile name "a/b" contains /`},
		{"vaultbar://console/..", `profile name ".." contains ..`},
		{"vaultbar://console/%2E%2E", `profile name ".." contains ..`},
		{"vaultbar://console/.", `profile name "." is a path`},
		{"vaultbar://console/a..b", "contains .."},
		{"vaultbar://console/a%zzb", "is not percent-encoded correctly"},
		{"vaultbar://console/a]b", "cannot be a section name: it contains ]"},
		{"vaultbar://console/%20dev", "starts or ends with a space"},
		{"vaultbar://console/dev%0A", "the profile name contains a control character"},
		{"vaultbar://console/dev%00", "the profile name contains a control character"},
		{"vaultbar://console/dev%7F", "the profile name contains a control character"},
		{"vaultbar://console/dev%C2%85", "the profile name contains a control character"},        // NEL (C1)
		{"vaultbar://console/prod%E2%80%AEved", "the profile name contains a control character"}, // right-to-left override
		{"vaultbar://console/a%E2%80%A8b", "the profile name contains a control character"},      // line separator
		{"vaultbar://console/dev%FF", "the profile name is not valid utf-8"},
		{"vaultbar://console/dev\n", "contains a space or control character at byte 22"},
		{"vaultbar://console/de v", "contains a space or control character at byte 21"},
		{"vaultbar://console/dev\x00", "contains a space or control character"},
		{"vaultbar://console/dev\u202e", "contains a space or control character"},
		{"vaultbar://console/dev\xff", "the url is not valid utf-8"},
		{"vaultbar://console/dev#x", "the url has a # fragment"},
		{"vaultbar://console/dev?path=/ec2/home#Instances", "the url has a # fragment"},
		{"vaultbar://console/dev?regoin=us-east-1", `unknown parameter "regoin"`},
		{"vaultbar://console/dev?format=json", `unknown parameter "format"`},
		{"vaultbar://copy-env/dev?region=us-east-1", `unknown parameter "region"`},
		{"vaultbar://stop/dev?kind=ecs", `unknown parameter "kind"`},
		{"vaultbar://console/dev?=x", `unknown parameter ""`},
		{"vaultbar://console/dev?region=us-east-1&region=eu-west-1", "parameter region is repeated"},
		{"vaultbar://console/dev?region=us-east-1&regio%6E=eu-west-1", "parameter region is repeated"},
		{"vaultbar://console/dev?region=", "parameter region is empty"},
		{"vaultbar://console/dev?region", "parameter region is empty"},
		{"vaultbar://console/dev?region=us-east-1;service=ec2", "does not parse"},
		{"vaultbar://console/dev?region=%zz", "does not parse"},
		{"vaultbar://console/dev?region=US-EAST-1", `region "US-EAST-1" is not a region name`},
		{"vaultbar://console/dev?region=evil.com", `region "evil.com" is not a region name`},
		{"vaultbar://console/dev?region=us-east-", "is not a region name"},
		{"vaultbar://console/dev?region=a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-1", "is not a region name"},
		{"vaultbar://console/dev?service=EC2", `service "EC2" is not a service shortcut`},
		{"vaultbar://console/dev?service=ec2%2Fhome", "is not a service shortcut"},
		{"vaultbar://console/dev?browser=/usr/bin/evil", "is not a browser id"},
		{"vaultbar://console/dev?browser=fire%20fox", "is not a browser id"},
		{"vaultbar://console/dev?browser=" + strings.Repeat("a", 65), "is not a browser id"},
		{"vaultbar://console/dev?service=ec2&path=/s3", "both a service and a path were given"},
		{"vaultbar://console/dev?path=ec2/home", `path "ec2/home" does not start with /`},
		{"vaultbar://console/dev?path=https://evil.com/", "does not start with /"},
		{"vaultbar://console/dev?path=//evil.com/", `path "//evil.com/" could lead off the aws console`},
		{"vaultbar://console/dev?path=%2F%2Fevil.com", "could lead off the aws console"},
		{"vaultbar://console/dev?path=/%5C%5Cevil.com", "could lead off the aws console"},
		{"vaultbar://console/dev?path=/redirect?to=https://evil.com", "could lead off the aws console"},
		{"vaultbar://console/dev?path=/ec2/home+x", "contains a space"},
		{"vaultbar://console/dev?path=/ec2%0A", "parameter path contains a control character"},
		{"vaultbar://console/dev?path=/ec2%E2%80%8B", "parameter path contains a control character"}, // zero-width space is Cf
		{"vaultbar://copy-env/dev?format=zsh", `unknown format "zsh"`},
		{"vaultbar://copy-env/dev?format=JSON", `unknown format "JSON"`},
		{"vaultbar://serve/dev?kind=http", `unknown server kind "http"`},
		{long, "the url is 2067 bytes, more than 2048"},
		{wide, "the url is 4819 bytes once percent-encoded, more than 2048"},
	} {
		l, err := ParseLink(c.raw)
		if err == nil {
			t.Errorf("ParseLink(%q) = %+v, want an error", c.raw, l)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, ErrBadLink) || !strings.Contains(msg, c.want) {
			t.Errorf("ParseLink(%q) = %q, want ErrBadLink saying %q", c.raw, msg, c.want)
		}
		if l != (Link{}) {
			t.Errorf("ParseLink(%q) returned %+v next to its error", c.raw, l)
		}
		checkErrorLine(t, c.raw, err)
	}
}

// checkErrorLine: what a notification shows is one short lowercase line with a hint, the input
// at most quoted in part and never with a raw control character.
func checkErrorLine(t *testing.T, raw string, err error) {
	t.Helper()
	msg, hint := err.Error(), vault.Hint(err)
	first, _ := utf8.DecodeRuneInString(msg)
	switch {
	case hint == "":
		t.Errorf("ParseLink(%.60q): error %q has no hint", raw, msg)
	case unicode.IsUpper(first) || strings.ContainsFunc(msg+hint, invisible):
		t.Errorf("ParseLink(%.60q): error %q is not one lowercase printable line", raw, msg)
	case len(msg) > 300:
		t.Errorf("ParseLink(%.60q): error is %d bytes long: %.80q…", raw, len(msg), msg)
	}
}

func TestLinkHandsOutSecrets(t *testing.T) {
	want := map[string]bool{ActionCopyEnv: true, ActionCopyConsoleURL: true, ActionServe: true}
	for _, a := range linkActions {
		raw := Link{Action: a.name, Profile: "dev"}.String()
		l, err := ParseLink(raw)
		if err != nil {
			t.Fatalf("ParseLink(%q): %v", raw, err)
		}
		if l.HandsOutSecrets() != want[a.name] {
			t.Errorf("%s: HandsOutSecrets = %v, want %v", raw, l.HandsOutSecrets(), want[a.name])
		}
	}
}

// String percent-encodes every byte outside the unreserved set, so any profile name a config
// file can hold (and ParseLink accepts) survives the trip through a URL.
func TestLinkStringEncodesProfiles(t *testing.T) {
	for _, p := range []string{"dev", "team a & b", "a?b=c", "x#y", "50%", "naïve ☁", "a+b", "[x", "'quoted'\"", "a;b,c", "ünï/"} {
		raw := Link{Action: ActionCopyConsoleURL, Profile: p}.String()
		if strings.ContainsAny(strings.TrimPrefix(raw, "vaultbar://copy-console-url/"), " &?#=+/;,'\"[") {
			t.Errorf("profile %q: %q leaves a reserved character unencoded", p, raw)
		}
		l, err := ParseLink(raw)
		if strings.Contains(p, "/") {
			if err == nil {
				t.Errorf("profile %q: %q accepted", p, raw)
			}
			continue
		}
		if err != nil || l.Profile != p {
			t.Errorf("profile %q: ParseLink(%q) = %+v, %v", p, raw, l, err)
		}
	}
}

// FuzzParseLink: no input panics, every accepted link round-trips through String, and every
// refusal is a short line with a hint.
func FuzzParseLink(f *testing.F) {
	for _, c := range acceptedLinks {
		f.Add(c.raw)
	}
	for _, s := range []string{"", "vaultbar://", "vaultbar://console/%", "vaultbar://console/%2", "vaultbar://console/a?%",
		"vaultbar://console/a?path=/%00", "vaultbar://console/a?path=//x", "vaultbar://serve/a?kind=ec2&kind=ec2",
		"vaultbar://console/a?&&", "vaultbar://add?x=1", "vaultbar://console/\u202e", "vaultbar://console/\xc0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		l, err := ParseLink(raw)
		if err != nil {
			if !errors.Is(err, ErrBadLink) {
				t.Fatalf("ParseLink(%q): error %v does not wrap ErrBadLink", raw, err)
			}
			checkErrorLine(t, raw, err)
			return
		}
		s := l.String()
		again, err := ParseLink(s)
		if err != nil || again != l {
			t.Fatalf("ParseLink(%q) = %+v; its String %q parses to %+v, %v", raw, l, s, again, err)
		}
		if again.String() != s {
			t.Fatalf("String is not canonical: %q, then %q", s, again.String())
		}
		if strings.ContainsFunc(l.Profile+l.Path, invisible) || strings.Contains(l.Profile, "/") ||
			(l.Path != "" && (!strings.HasPrefix(l.Path, "/") || strings.HasPrefix(l.Path, "//"))) {
			t.Fatalf("ParseLink(%q) accepted %+v", raw, l)
		}
	})
}
