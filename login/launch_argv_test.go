package login

import (
	"cmp"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

// The awkward profile name every argv test uses: slash, spaces, &, =, quotes, non-ASCII.
const (
	awkward = `Prod/Admin & Co = ü "q"`
	loopURL = "http://127.0.0.1:43210/open/0123abcd?p=Prod%2FAdmin&x=1"
	// awkward and loopURL as the add-ons' URLs carry them.
	awkwardEsc = "Prod%2FAdmin%20%26%20Co%20%3D%20%C3%BC%20%22q%22"
	loopURLEsc = "http%3A%2F%2F127.0.0.1%3A43210%2Fopen%2F0123abcd%3Fp%3DProd%252FAdmin%26x%3D1"
	linuxRoot  = "/home/u/.local/share/vaultbar/browsers"
	macRoot    = "/Users/u/Library/Application Support/Vaultbar/browsers"
)

var (
	linuxChromium = Browser{ID: "chromium", Name: "Chromium", Family: Chromium, Command: []string{"/usr/bin/chromium"}}
	snapChromium  = Browser{ID: "chromium", Name: "Chromium", Family: Chromium, Command: []string{"/snap/bin/chromium"}, Packaging: "snap", AppID: "chromium"}
	linuxFirefox  = Browser{ID: "firefox", Name: "Firefox", Family: Firefox, Command: []string{"/usr/bin/firefox-esr"}}
	flatFirefox   = Browser{ID: "firefox", Name: "Firefox", Family: Firefox, Command: []string{"/usr/bin/flatpak", "run", "org.mozilla.firefox"}, Packaging: "flatpak", AppID: "org.mozilla.firefox"}
	linuxDefault  = Browser{ID: "default", Name: "Default browser", Family: Default, Command: []string{"/usr/bin/xdg-open"}}

	macChrome  = Browser{ID: "chrome", Name: "Google Chrome", Family: Chromium, Command: []string{"open", "-na", "/Applications/Google Chrome.app", "--args"}, App: "/Applications/Google Chrome.app"}
	macFirefox = Browser{ID: "firefox", Name: "Firefox", Family: Firefox, Command: []string{"open", "-na", "/Applications/Firefox.app", "--args"}, App: "/Applications/Firefox.app"}
	macSafari  = Browser{ID: "safari", Name: "Safari", Family: Safari, Command: []string{"open", "-a", "/Applications/Safari.app"}, App: "/Applications/Safari.app"}
	macArc     = Browser{ID: "arc", Name: "Arc", Family: Arc, Command: []string{"open", "-a", "/Applications/Arc.app"}, App: "/Applications/Arc.app"}
	macDefault = Browser{ID: "default", Name: "Default browser", Family: Default, Command: []string{"open"}}
)

func TestArgv(t *testing.T) {
	safe := SafeProfileName(awkward)
	chromiumFlags := []string{"--no-first-run", "--no-default-browser-check"}
	container := "ext+container:name=" + awkwardEsc + "&url=" + loopURLEsc
	granted := "ext+granted-containers:name=" + awkwardEsc + "&url=" + loopURLEsc + "&color=purple&icon=briefcase"
	cases := []struct {
		name string
		spec LaunchSpec
		want []string
	}{
		// Linux
		{"linux chromium profile-directory", LaunchSpec{Browser: linuxChromium, Isolation: SharedDataDir}, join(
			[]string{"/usr/bin/chromium", "--user-data-dir=" + linuxRoot + "/chromium", "--profile-directory=" + safe}, chromiumFlags, []string{loopURL})},
		{"linux chromium default is profile-directory", LaunchSpec{Browser: linuxChromium}, join(
			[]string{"/usr/bin/chromium", "--user-data-dir=" + linuxRoot + "/chromium", "--profile-directory=" + safe}, chromiumFlags, []string{loopURL})},
		{"linux chromium data-dir", LaunchSpec{Browser: linuxChromium, Isolation: DataDirPerProfile}, join(
			[]string{"/usr/bin/chromium", "--user-data-dir=" + linuxRoot + "/chromium-per-profile/" + safe}, chromiumFlags, []string{loopURL})},
		{"linux chromium none", LaunchSpec{Browser: linuxChromium, Isolation: NoIsolation}, []string{"/usr/bin/chromium", loopURL}},
		{"linux chromium extra flags", LaunchSpec{Browser: linuxChromium, Isolation: DataDirPerProfile, Extra: []string{"--headless", "--no-sandbox"}}, join(
			[]string{"/usr/bin/chromium", "--user-data-dir=" + linuxRoot + "/chromium-per-profile/" + safe}, chromiumFlags, []string{"--headless", "--no-sandbox", loopURL})},
		{"linux snap chromium lives in its sandbox", LaunchSpec{Browser: snapChromium, Isolation: SharedDataDir}, join(
			[]string{"/snap/bin/chromium", "--user-data-dir=/home/u/snap/chromium/common/vaultbar/chromium", "--profile-directory=" + safe}, chromiumFlags, []string{loopURL})},
		{"linux firefox profile", LaunchSpec{Browser: linuxFirefox, Isolation: FirefoxProfile}, []string{"/usr/bin/firefox-esr", "--profile", linuxRoot + "/firefox/" + safe, loopURL}},
		{"linux firefox default is profile", LaunchSpec{Browser: linuxFirefox}, []string{"/usr/bin/firefox-esr", "--profile", linuxRoot + "/firefox/" + safe, loopURL}},
		{"linux flatpak firefox profile", LaunchSpec{Browser: flatFirefox, Isolation: FirefoxProfile}, []string{"/usr/bin/flatpak", "run", "org.mozilla.firefox", "--profile", "/home/u/.var/app/org.mozilla.firefox/data/vaultbar/firefox/" + safe, loopURL}},
		{"linux firefox container", LaunchSpec{Browser: linuxFirefox, Isolation: Container}, []string{"/usr/bin/firefox-esr", container}},
		{"linux firefox granted container", LaunchSpec{Browser: linuxFirefox, Isolation: GrantedContainer, Color: "purple", Icon: "briefcase"}, []string{"/usr/bin/firefox-esr", granted}},
		{"linux firefox none", LaunchSpec{Browser: linuxFirefox, Isolation: NoIsolation}, []string{"/usr/bin/firefox-esr", loopURL}},
		{"linux default", LaunchSpec{Browser: linuxDefault}, []string{"/usr/bin/xdg-open", loopURL}},
		{"linux default none", LaunchSpec{Browser: linuxDefault, Isolation: NoIsolation}, []string{"/usr/bin/xdg-open", loopURL}},

		// macOS: data dirs through `open -na … --args`, everything else through `open -a`.
		{"darwin chrome profile-directory", LaunchSpec{Browser: macChrome, Isolation: SharedDataDir, DataRoot: macRoot}, join(
			[]string{"open", "-na", "/Applications/Google Chrome.app", "--args", "--user-data-dir=" + macRoot + "/chrome", "--profile-directory=" + safe}, chromiumFlags, []string{loopURL})},
		{"darwin chrome data-dir", LaunchSpec{Browser: macChrome, Isolation: DataDirPerProfile, DataRoot: macRoot}, join(
			[]string{"open", "-na", "/Applications/Google Chrome.app", "--args", "--user-data-dir=" + macRoot + "/chrome-per-profile/" + safe}, chromiumFlags, []string{loopURL})},
		{"darwin chrome none", LaunchSpec{Browser: macChrome, Isolation: NoIsolation, DataRoot: macRoot}, []string{"open", "-a", "/Applications/Google Chrome.app", loopURL}},
		{"darwin firefox profile", LaunchSpec{Browser: macFirefox, Isolation: FirefoxProfile, DataRoot: macRoot}, []string{"open", "-na", "/Applications/Firefox.app", "--args", "--profile", macRoot + "/firefox/" + safe, loopURL}},
		{"darwin firefox container", LaunchSpec{Browser: macFirefox, Isolation: Container, DataRoot: macRoot}, []string{"open", "-a", "/Applications/Firefox.app", container}},
		{"darwin firefox granted container", LaunchSpec{Browser: macFirefox, Isolation: GrantedContainer, Color: "purple", Icon: "briefcase", DataRoot: macRoot}, []string{"open", "-a", "/Applications/Firefox.app", granted}},
		{"darwin firefox none", LaunchSpec{Browser: macFirefox, Isolation: NoIsolation}, []string{"open", "-a", "/Applications/Firefox.app", loopURL}},
		{"darwin safari", LaunchSpec{Browser: macSafari}, []string{"open", "-a", "/Applications/Safari.app", loopURL}},
		{"darwin arc", LaunchSpec{Browser: macArc, Isolation: NoIsolation}, []string{"open", "-a", "/Applications/Arc.app", loopURL}},
		{"darwin default", LaunchSpec{Browser: macDefault}, []string{"open", loopURL}},

		// Windows paths
		{"windows edge profile-directory", LaunchSpec{Browser: Browser{ID: "edge", Name: "Microsoft Edge", Family: Chromium, Command: []string{`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`}},
			DataRoot: `C:\Users\u\AppData\Local\Vaultbar\browsers\`, GOOS: "windows"}, join(
			[]string{`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`, `--user-data-dir=C:\Users\u\AppData\Local\Vaultbar\browsers\edge`, "--profile-directory=" + safe}, chromiumFlags, []string{loopURL})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spec := c.spec
			spec.Profile = awkward
			spec.Home = "/home/u"
			spec.DataRoot = cmp.Or(spec.DataRoot, linuxRoot)
			if spec.GOOS == "" {
				spec.GOOS = "linux"
				if strings.HasPrefix(c.name, "darwin") {
					spec.GOOS = "darwin"
				}
			}
			got, err := Argv(spec, loopURL)
			if err != nil {
				t.Fatalf("Argv: %v (hint %q)", err, vault.Hint(err))
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("Argv:\n got %q\nwant %q", got, c.want)
			}
			// Each argument is whole: the URL (or the container URL carrying it) is one element,
			// and the profile's directory is never split at its spaces.
			if n := countContaining(got, "0123abcd"); n != 1 {
				t.Errorf("the URL appears in %d arguments, want exactly 1", n)
			}
		})
	}
}

func join(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func countContaining(argv []string, s string) int {
	n := 0
	for _, a := range argv {
		if strings.Contains(a, s) {
			n++
		}
	}
	return n
}

// The add-ons read their URL with URLSearchParams: the name and target come back exactly.
func TestContainerURLRoundTrip(t *testing.T) {
	names := []string{awkward, "a+b", "100%", "x=y&z", "  spaced  ", "日本語/プロファイル", `back\slash`, "#hash?q"}
	for _, name := range names {
		for _, iso := range []Isolation{Container, GrantedContainer} {
			argv, err := Argv(LaunchSpec{Browser: linuxFirefox, Isolation: iso, Profile: name, Color: "blue", Icon: "fingerprint"}, loopURL)
			if err != nil {
				t.Fatal(err)
			}
			scheme, rest, _ := strings.Cut(argv[len(argv)-1], ":")
			q, err := url.ParseQuery(rest)
			if err != nil {
				t.Fatalf("%q: %v", argv[1], err)
			}
			if scheme != map[Isolation]string{Container: "ext+container", GrantedContainer: "ext+granted-containers"}[iso] ||
				q.Get("name") != name || q.Get("url") != loopURL || q.Get("color") != "blue" || q.Get("icon") != "fingerprint" || len(q) != 4 {
				t.Errorf("%s for %q: %q decodes to %v", iso, name, argv[1], q)
			}
		}
	}
}

func TestArgvErrors(t *testing.T) {
	const secret = "SigninToken=SECRET"
	base := LaunchSpec{Browser: linuxChromium, Profile: "p", DataRoot: linuxRoot, Home: "/home/u", GOOS: "linux"}
	with := func(f func(*LaunchSpec)) LaunchSpec { s := base; f(&s); return s }
	cases := []struct {
		name string
		spec LaunchSpec
		url  string
		want error // nil: any error
	}{
		{"federation URL on argv", base, "https://signin.aws.amazon.com/federation?Action=login&" + secret, ErrUnsafeURL},
		{"remote http", base, "http://example.com/?" + secret, ErrUnsafeURL},
		{"file URL", base, "file:///etc/passwd", ErrUnsafeURL},
		{"flag", base, "--gpu-launcher=/bin/sh", ErrUnsafeURL},
		{"userinfo", base, "http://user:" + secret + "@127.0.0.1/", ErrUnsafeURL},
		{"not a URL", base, "http://[::1", ErrUnsafeURL},
		{"unsupported isolation", with(func(s *LaunchSpec) { s.Isolation = Container }), loopURL, ErrUnsupportedIsolation},
		{"firefox data dir", with(func(s *LaunchSpec) { s.Browser = linuxFirefox; s.Isolation = SharedDataDir }), loopURL, ErrUnsupportedIsolation},
		{"safari profile", with(func(s *LaunchSpec) { s.Browser = macSafari; s.Isolation = FirefoxProfile }), loopURL, ErrUnsupportedIsolation},
		{"bad colour", with(func(s *LaunchSpec) { s.Browser = linuxFirefox; s.Isolation = Container; s.Color = "toolbar" }), loopURL, ErrBadContainerStyle},
		{"bad icon", with(func(s *LaunchSpec) { s.Browser = linuxFirefox; s.Isolation = GrantedContainer; s.Icon = "fence" }), loopURL, ErrBadContainerStyle},
		{"no command", with(func(s *LaunchSpec) { s.Browser.Command = nil }), loopURL, ErrBrowserNotInstalled},
		{"no data root", with(func(s *LaunchSpec) { s.DataRoot = "" }), loopURL, nil},
		{"no profile", with(func(s *LaunchSpec) { s.Profile = "" }), loopURL, nil},
		{"no profile for a container", with(func(s *LaunchSpec) { s.Browser = linuxFirefox; s.Isolation = Container; s.Profile = "" }), loopURL, nil},
		{"snap without home", with(func(s *LaunchSpec) { s.Browser = snapChromium; s.Home = "" }), loopURL, nil},
		{"extra flags through open -a", with(func(s *LaunchSpec) { s.Browser = macSafari; s.GOOS = "darwin"; s.Extra = []string{"--x"} }), loopURL, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			argv, err := Argv(c.spec, c.url)
			if err == nil {
				t.Fatalf("Argv = %q, want an error", argv)
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
			if strings.Contains(err.Error(), "SECRET") || strings.Contains(vault.Hint(err), "SECRET") {
				t.Errorf("the error repeats the URL's secret: %v", err)
			}
			if err.Error() != strings.ToLower(err.Error()[:1])+err.Error()[1:] {
				t.Errorf("error %q should start lowercase", err)
			}
		})
	}
}

func TestProfileDir(t *testing.T) {
	spec := LaunchSpec{Browser: linuxFirefox, Profile: awkward, DataRoot: linuxRoot, GOOS: "linux"}
	dir, err := ProfileDir(spec)
	if err != nil || dir != linuxRoot+"/firefox/"+SafeProfileName(awkward) {
		t.Errorf("ProfileDir(firefox) = %q, %v", dir, err)
	}
	spec.Isolation = Container
	if dir, err := ProfileDir(spec); err != nil || dir != "" {
		t.Errorf("ProfileDir(container) = %q, %v; want none", dir, err)
	}
	if dir, err := ProfileDir(LaunchSpec{Browser: macSafari}); err != nil || dir != "" {
		t.Errorf("ProfileDir(safari) = %q, %v; want none", dir, err)
	}
}
