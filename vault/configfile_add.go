package vault

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// AddProfile makes sure the config has a section for profile name, as `aws-vault add` does.
// A missing section is appended as text ("[profile NAME]", or "[default]") to the end of the
// file, creating the directory (0700) and file (0600) if needed. The file is never
// re-serialised, so comments and settings Vaultbar does not know stay byte-for-byte intact.
// For a config from ParseConfig only the in-memory view changes.
func (c *ConfigFile) AddProfile(name string) error {
	if err := CheckProfileName(name); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.path == "" {
		view, err := cfgWithProfile("", c.view.data, name)
		if err != nil {
			return err
		}
		c.view = view
		return nil
	}
	view, err := c.addProfileOnDisk(name)
	if err != nil {
		return err
	}
	c.view = view
	return nil
}

// addProfileOnDisk appends the section to the file as it is now on disk, which may differ
// from c.view if the aws-vault CLI changed it meanwhile.
func (c *ConfigFile) addProfileOnDisk(name string) (*cfgView, error) {
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return nil, fmt.Errorf("add profile %q: %w", name, err)
	}
	f, err := os.OpenFile(c.path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("add profile %q: %w", name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("add profile %q: read %s: %w", name, c.path, err)
	}
	view, err := cfgWithProfile(c.path, data, name)
	if err != nil {
		return nil, err
	}
	if appended := view.data[len(data):]; len(appended) > 0 {
		if _, err := f.Write(appended); err != nil {
			return nil, fmt.Errorf("add profile %q: write %s: %w", name, c.path, err)
		}
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("add profile %q: write %s: %w", name, c.path, err)
	}
	return view, nil
}

// cfgWithProfile parses data plus, if the profile is missing, its appended section header.
// The result is checked before anything is written, so a file whose last line would swallow
// the header is never touched.
func cfgWithProfile(path string, data []byte, name string) (*cfgView, error) {
	view, err := cfgParse(path, data)
	if err != nil {
		return nil, err
	}
	if _, ok := view.profileSection(name); ok {
		return view, nil
	}
	grown := append(data[:len(data):len(data)], cfgSectionText(data, name)...)
	// A final line without a newline can change meaning once one follows, e.g. a value of
	// `"""` opens a multi-line string; then refuse rather than break the file.
	grownView, err := cfgParse(path, grown)
	if err == nil {
		if _, ok := grownView.profileSection(name); ok {
			return grownView, nil
		}
	}
	return nil, WithHint(cfgErrorf("add profile %q: appending [%s] would change how the last line of the file reads",
		name, cfgSectionOfProfile(name)), "add [%s] to the file by hand", cfgSectionOfProfile(name))
}

// cfgSectionText is the text appended for a new profile, in the file's line-ending style.
func cfgSectionText(data []byte, name string) string {
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
	b.WriteString("[" + cfgSectionOfProfile(name) + "]" + nl)
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
