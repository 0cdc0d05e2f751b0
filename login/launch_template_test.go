package login

import (
	"errors"
	"slices"
	"testing"
)

func TestCustomArgv(t *testing.T) {
	safe := SafeProfileName(awkward)
	cases := []struct {
		template string
		want     []string
	}{
		{`/usr/bin/chromium {{.URL}}`, []string{"/usr/bin/chromium", loopURL}},
		{`"/opt/My Browser/bin/browser" "--user-data-dir={{.DataRoot}}/{{.Safe}}" {{ .URL }} --title={{.Profile}}`,
			[]string{"/opt/My Browser/bin/browser", "--user-data-dir=" + linuxRoot + "/" + safe, loopURL, "--title=" + awkward}},
		{"  firefox\t--new-tab\n{{.URL}}  ", []string{"firefox", "--new-tab", loopURL}},
		{`open -na "Google Chrome" --args {{if .Profile}}--profile-directory={{.Safe}}{{end}} {{.URL}}`,
			[]string{"open", "-na", "Google Chrome", "--args", "--profile-directory=" + safe, loopURL}},
		{`browser {{if eq .Profile "nope"}}--never{{end}} {{.URL}}`, []string{"browser", loopURL}}, // empty renders vanish
		{`browser {{printf "%s %s" .Profile .URL}}`, []string{"browser", awkward + " " + loopURL}},
		{`sh -c 'echo {{.URL}}'`, []string{"sh", "-c", "'echo", loopURL + "'"}}, // single quotes mean nothing: no shell
	}
	for _, c := range cases {
		got, err := Argv(LaunchSpec{Browser: Browser{ID: "custom", Name: "Custom", Family: Custom}, Template: c.template, Profile: awkward, DataRoot: linuxRoot}, loopURL)
		if err != nil {
			t.Errorf("%q: %v", c.template, err)
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.template, got, c.want)
		}
	}
}

func TestCustomArgvErrors(t *testing.T) {
	for _, tmpl := range []string{
		``,
		`   `,
		`browser --no-url`,
		`browser "{{.URL}}`,
		`browser {{.URL`,
		`browser {{.Nope}} {{.URL}}`,
		`browser {{if}} {{.URL}}`,
		`browser {{.URL}} {{end}}`,
	} {
		_, err := Argv(LaunchSpec{Browser: Browser{Name: "Custom", Family: Custom}, Template: tmpl, Profile: "p"}, loopURL)
		if !errors.Is(err, ErrBadTemplate) {
			t.Errorf("%q: err = %v, want ErrBadTemplate", tmpl, err)
		}
	}
}
