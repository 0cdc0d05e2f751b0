package vault

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"

	"gopkg.in/ini.v1"
)

// Section name conventions of ~/.aws/config.
const (
	cfgDefaultProfile   = "default"
	cfgProfilePrefix    = "profile "
	cfgSSOSessionPrefix = "sso-session "
)

// ConfigFile is a parsed ~/.aws/config. It only reads the file, except AddProfile, which
// appends to it. Unknown sections and keys are kept on disk untouched and ignored here.
// It is safe for concurrent use.
type ConfigFile struct {
	path string

	mu   sync.RWMutex
	view *cfgView // replaced as a whole by AddProfile, never mutated
}

// cfgView is one immutable parse of the file's bytes.
type cfgView struct {
	data     []byte
	sections map[string]cfgSection // by section name as written, e.g. "profile dev"
	order    []string              // distinct section names in file order
	profiles map[string]cfgSection // by profile name, so lookups need no string building
}

// cfgSection holds a section's keys (lower-cased) and raw values in file order. Sections
// have a handful of keys, so a slice is cheaper to build and to search than a map.
type cfgSection []cfgEntry

type cfgEntry struct{ key, value string }

// get returns the value of key, "" if absent.
func (s cfgSection) get(key string) string {
	for _, e := range s {
		if e.key == key {
			return e.value
		}
	}
	return ""
}

// set replaces key's value or appends it: a repeated key or section overrides, as in ini.v1.
func (s cfgSection) set(key, value string) cfgSection {
	for i := range s {
		if s[i].key == key {
			s[i].value = value
			return s
		}
	}
	return append(s, cfgEntry{key, value})
}

// LoadConfigFile reads the aws config at path. A missing file gives an empty config: unlike
// aws-vault, reading never creates it (AddProfile does, when there is something to write).
func LoadConfigFile(path string) (*ConfigFile, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = nil, nil
	}
	if err != nil {
		return nil, WithHint(fmt.Errorf("read aws config: %w", err),
			"check that %s is a readable file", path)
	}
	view, err := cfgParse(path, data)
	if err != nil {
		return nil, err
	}
	return &ConfigFile{path: path, view: view}, nil
}

// ParseConfig parses config bytes that have no file behind them (Path returns "").
func ParseConfig(data []byte) (*ConfigFile, error) {
	view, err := cfgParse("", data)
	if err != nil {
		return nil, err
	}
	return &ConfigFile{view: view}, nil
}

// cfgLoadOptions are aws-vault's parser options, set per load rather than through ini's
// package globals so that nothing else in the process is affected.
func cfgLoadOptions() ini.LoadOptions {
	return ini.LoadOptions{
		InsensitiveKeys:   true, // keys case-insensitive, section names case-sensitive
		AllowNestedValues: true, // e.g. "s3 =" followed by indented sub-keys
		// A '#' or ';' starts an inline comment only after a space, so values such as
		// URLs with fragments survive (ByteNess aws-vault behaviour).
		SpaceBeforeInlineComment: true,
		// ini.v1 merges a repeated header into the first one with a linear search per
		// header, quadratic in big files; cfgParse merges them itself instead.
		AllowNonUniqueSections: true,
	}
}

// cfgParse turns raw bytes into a view; path only labels errors.
func cfgParse(path string, data []byte) (*cfgView, error) {
	// The file is parsed and read by this goroutine only: skip ini's per-call locking.
	f := ini.Empty(cfgLoadOptions())
	f.BlockMode = false
	err := f.Append(data)
	if err != nil {
		return nil, cfgParseError(path, data, err)
	}
	view := &cfgView{data: data, sections: make(map[string]cfgSection)}
	for _, s := range f.Sections() {
		name := s.Name()
		if name == ini.DefaultSection { // keys above the first header
			continue
		}
		keys := s.Keys()
		sec, seen := view.sections[name]
		if !seen {
			sec = make(cfgSection, 0, len(keys))
			view.order = append(view.order, name)
		}
		for _, k := range keys {
			// Raw values: aws-vault's %(key)s interpolation is not applied. The AWS CLI
			// does not interpolate either, and it can expand exponentially.
			sec = sec.set(k.Name(), k.Value())
		}
		view.sections[name] = sec
	}
	view.indexProfiles()
	return view, nil
}

// Path is the file the config was read from, "" for ParseConfig.
func (c *ConfigFile) Path() string { return c.path }

func (c *ConfigFile) snapshot() *cfgView {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.view
}

// ProfileNames lists the profiles in file order: [default] (left out when it sets none of
// the keys aws-vault reads, as aws-vault does) and every [profile NAME].
func (c *ConfigFile) ProfileNames() []string {
	view := c.snapshot()
	names := make([]string, 0, len(view.order))
	seen := make(map[string]bool, len(view.order))
	for _, section := range view.order {
		name, ok := cfgProfileOfSection(section)
		if !ok || seen[name] {
			continue
		}
		if name == cfgDefaultProfile && !cfgHasKnownKey(view.sections[section]) {
			continue
		}
		seen[name] = true
		names = append(names, name)
	}
	return names
}

// HasProfile reports whether the file has a section for the profile (an empty [default]
// counts, although ProfileNames leaves it out).
func (c *ConfigFile) HasProfile(name string) bool {
	_, ok := c.snapshot().profileSection(name)
	return ok
}

// SSOSessionNames lists the [sso-session NAME] sections in file order.
func (c *ConfigFile) SSOSessionNames() []string {
	view := c.snapshot()
	var names []string
	for _, section := range view.order {
		if name, ok := strings.CutPrefix(section, cfgSSOSessionPrefix); ok && name != "" {
			names = append(names, name)
		}
	}
	return names
}

// cfgProfileOfSection maps a section name to the profile it declares, if any.
func cfgProfileOfSection(section string) (string, bool) {
	if section == cfgDefaultProfile {
		return cfgDefaultProfile, true
	}
	name, ok := strings.CutPrefix(section, cfgProfilePrefix)
	return name, ok && name != ""
}

// cfgSectionOfProfile is the section header text that declares profile name.
func cfgSectionOfProfile(name string) string {
	if name == cfgDefaultProfile {
		return cfgDefaultProfile
	}
	return cfgProfilePrefix + name
}

// indexProfiles fills v.profiles. "default" is [default]; [profile default], which the
// AWS CLI also accepts, is used only when there is no [default].
func (v *cfgView) indexProfiles() {
	v.profiles = make(map[string]cfgSection, len(v.sections))
	for _, section := range v.order {
		name, ok := cfgProfileOfSection(section)
		if !ok {
			continue
		}
		if _, dup := v.profiles[name]; !dup || section == cfgDefaultProfile {
			v.profiles[name] = v.sections[section]
		}
	}
}

// profileSection finds a profile's section.
func (v *cfgView) profileSection(name string) (cfgSection, bool) {
	sec, ok := v.profiles[name]
	return sec, ok
}

// ssoSessionSection finds [sso-session NAME].
func (v *cfgView) ssoSessionSection(name string) (cfgSection, bool) {
	sec, ok := v.sections[cfgSSOSessionPrefix+name]
	return sec, ok && name != ""
}

// cfgHasKnownKey reports whether a section sets any key aws-vault reads, which is how
// aws-vault decides that [default] is empty.
func cfgHasKnownKey(sec cfgSection) bool {
	return slices.ContainsFunc(cfgProfileKeys, func(key string) bool { return sec.get(key) != "" })
}
