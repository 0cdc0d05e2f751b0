package login

import (
	"errors"
	"fmt"
	"strings"
	"text/template"

	"github.com/vaultbar/vaultbar/vault"
)

// templateData is what a custom command template sees.
type templateData struct {
	URL, Profile, Safe, DataRoot string
}

// customArgv renders a Custom browser's template one argument at a time: the template is
// split first, so whatever a value contains (spaces, quotes, $, ;) stays inside its argument.
func customArgv(spec LaunchSpec, url string) ([]string, error) {
	fields, err := splitTemplate(spec.Template)
	if err != nil {
		return nil, err
	}
	data := templateData{URL: url, Profile: spec.Profile, Safe: SafeProfileName(spec.Profile), DataRoot: spec.DataRoot}
	var argv []string
	usesURL := false
	for i, f := range fields {
		t, err := template.New(fmt.Sprint("arg", i)).Option("missingkey=error").Parse(f)
		if err != nil {
			return nil, badTemplate(err)
		}
		var b strings.Builder
		if err := t.Execute(&b, data); err != nil {
			return nil, badTemplate(err)
		}
		if b.Len() == 0 {
			continue // e.g. {{if .Profile}}…{{end}} that rendered nothing
		}
		usesURL = usesURL || strings.Contains(b.String(), url)
		argv = append(argv, b.String())
	}
	if len(argv) == 0 {
		return nil, badTemplate(errors.New("the command is empty"))
	}
	if !usesURL {
		return nil, badTemplate(errors.New("the command never uses {{.URL}}"))
	}
	return argv, nil
}

func badTemplate(err error) error {
	return vault.WithHint(fmt.Errorf("%w: %w", ErrBadTemplate, err),
		`write the command as arguments, e.g. /usr/bin/chromium "--user-data-dir=/data/{{.Safe}}" {{.URL}}`)
}

// splitTemplate splits a command template on whitespace that is outside {{ }} actions and
// outside double quotes; the double quotes themselves are removed.
func splitTemplate(s string) ([]string, error) {
	var fields []string
	var cur strings.Builder
	inField, inQuote, depth := false, false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case depth == 0 && strings.HasPrefix(s[i:], "{{"):
			depth, inField = 1, true
			cur.WriteString("{{")
			i++
			continue
		case depth > 0 && strings.HasPrefix(s[i:], "}}"):
			depth = 0
			cur.WriteString("}}")
			i++
			continue
		case depth > 0:
			cur.WriteByte(c)
			continue
		case c == '"':
			inQuote, inField = !inQuote, true
			continue
		case !inQuote && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			if inField {
				fields = append(fields, cur.String())
				cur.Reset()
				inField = false
			}
			continue
		}
		cur.WriteByte(c)
		inField = true
	}
	if inQuote {
		return nil, badTemplate(errors.New("unterminated double quote"))
	}
	if depth > 0 {
		return nil, badTemplate(errors.New("unterminated {{ action"))
	}
	if inField {
		fields = append(fields, cur.String())
	}
	return fields, nil
}
