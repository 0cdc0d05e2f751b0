package vault

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
)

// AddProfile makes sure the config has a section for profile name, as `aws-vault add` does.
// A missing section is appended as text ("[profile NAME]", or "[default]") to the end of the
// file, creating the directory (0700) and file (0600) if needed. The file is never
// re-serialised, so comments and settings Vaultbar does not know stay byte-for-byte intact.
// For a config from ParseConfig only the in-memory view changes.
func (c *ConfigFile) AddProfile(name string) error {
	_, err := c.AppendProfiles([]NewProfile{{Name: name}})
	return err
}

// NewProfile is a profile AppendProfiles writes: its name and its settings, in order.
type NewProfile struct {
	Name     string
	Settings [][2]string // key, value
}

// AppendProfiles appends a section for each profile the config does not have yet, as
// AddProfile does for one, and returns the names it added. Profiles already there are left
// as they are, settings and all. Every new section is read back before the file is written:
// a value the file would read differently (a newline, an inline comment) refuses the whole
// batch and writes nothing.
func (c *ConfigFile) AppendProfiles(ps []NewProfile) ([]string, error) {
	for _, p := range ps {
		if err := CheckProfileName(p.Name); err != nil {
			return nil, err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.path == "" {
		view, added, err := cfgWithProfiles("", c.view.data, ps)
		if err != nil {
			return nil, err
		}
		c.view = view
		return added, nil
	}
	view, added, err := c.appendOnDisk(ps)
	if err != nil {
		return nil, err
	}
	c.view = view
	return added, nil
}

// appendOnDisk appends the sections to the file as it is now on disk, which may differ
// from c.view if the aws-vault CLI changed it meanwhile.
func (c *ConfigFile) appendOnDisk(ps []NewProfile) (*cfgView, []string, error) {
	what := "add profiles"
	if len(ps) == 1 {
		what = fmt.Sprintf("add profile %q", ps[0].Name)
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	f, err := os.OpenFile(c.path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: read %s: %w", what, c.path, err)
	}
	view, added, err := cfgWithProfiles(c.path, data, ps)
	if err != nil {
		return nil, nil, err
	}
	if appended := view.data[len(data):]; len(appended) > 0 {
		if _, err := f.Write(appended); err != nil {
			return nil, nil, fmt.Errorf("%s: write %s: %w", what, c.path, err)
		}
	}
	if err := f.Close(); err != nil {
		return nil, nil, fmt.Errorf("%s: write %s: %w", what, c.path, err)
	}
	return view, added, nil
}

// cfgWithProfiles parses data plus the sections of the missing profiles appended. The result
// is checked before anything is written, so a file whose last line would swallow a header,
// or a value that would read back differently, is never written.
func cfgWithProfiles(path string, data []byte, ps []NewProfile) (*cfgView, []string, error) {
	view, err := cfgParse(path, data)
	if err != nil {
		return nil, nil, err
	}
	grown := data[:len(data):len(data)]
	var added []NewProfile
	for _, p := range ps {
		if _, ok := view.profileSection(p.Name); ok || slices.ContainsFunc(added, func(a NewProfile) bool { return a.Name == p.Name }) {
			continue
		}
		grown = append(grown, cfgSectionText(grown, p)...)
		added = append(added, p)
	}
	if len(added) == 0 {
		return view, nil, nil
	}
	grownView, err := cfgParse(path, grown)
	for _, p := range added {
		if err != nil || !grownView.readsBack(p) {
			// A final line without a newline can change meaning once one follows, e.g. a
			// value of `"""` opens a multi-line string; then refuse rather than break the file.
			return nil, nil, WithHint(cfgErrorf("add profile %q: appending [%s] would not read back as written",
				p.Name, cfgSectionOfProfile(p.Name)), "add [%s] to the file by hand", cfgSectionOfProfile(p.Name))
		}
	}
	names := make([]string, len(added))
	for i, p := range added {
		names[i] = p.Name
	}
	return grownView, names, nil
}

// readsBack reports whether the view has p's section with exactly p's settings.
func (v *cfgView) readsBack(p NewProfile) bool {
	sec, ok := v.profileSection(p.Name)
	if !ok {
		return false
	}
	for _, kv := range p.Settings {
		if sec.get(kv[0]) != kv[1] {
			return false
		}
	}
	return true
}

// cfgSectionText is the text appended for a new profile, in the file's line-ending style.
func cfgSectionText(data []byte, p NewProfile) string {
	nl := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		nl = "\r\n"
	}
	var b strings.Builder
	if len(data) > 0 {
		if !bytes.HasSuffix(data, []byte("\n")) {
			b.WriteString(nl)
		}
		// The blank line also ends a trailing "\" continuation of the last value.
		b.WriteString(nl)
	}
	b.WriteString("[" + cfgSectionOfProfile(p.Name) + "]" + nl)
	for _, kv := range p.Settings {
		b.WriteString(kv[0] + " = " + kv[1] + nl)
	}
	return b.String()
}

// CheckProfileName rejects names that cannot round-trip through a config section header.
// Commands check a new name with it before they store anything under it.
func CheckProfileName(name string) error {
	const hint = "use letters, digits and - _ . @ in profile names"
	switch {
	case name == "":
		return WithHint(fmt.Errorf("profile name is empty"), hint)
	case strings.ContainsRune(name, ']'):
		return WithHint(fmt.Errorf("profile name %q cannot be a section name: it contains ]", name), hint)
	case strings.ContainsFunc(name, unicode.IsControl):
		return WithHint(fmt.Errorf("profile name %q cannot be a section name: it contains a control character such as a newline", name), hint)
	case strings.TrimSpace(name) != name:
		return WithHint(fmt.Errorf("profile name %q cannot be a section name: it starts or ends with a space", name), hint)
	}
	return nil
}
