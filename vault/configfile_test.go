package vault

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func mustParseConfig(t *testing.T, text string) *ConfigFile {
	t.Helper()
	cfg, err := ParseConfig([]byte(text))
	if err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	return cfg
}

func TestLoadConfigFile_missing_file_is_empty_and_not_created(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), ".aws", "config")
	cfg, err := LoadConfigFile(path)
	if err != nil {
		t.Fatalf("LoadConfigFile: %v", err)
	}
	if got := cfg.ProfileNames(); len(got) != 0 {
		t.Errorf("ProfileNames() = %q, want none", got)
	}
	if cfg.Path() != path {
		t.Errorf("Path() = %q, want %q", cfg.Path(), path)
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("reading created %s (stat err %v)", filepath.Dir(path), err)
	}
}

func TestProfileNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"file_order_with_default", "[profile b]\n[default]\nregion=x\n[profile a]\n", []string{"b", "default", "a"}},
		{"empty_default_omitted", "[default]\n[profile a]\n", []string{"a"}},
		{"default_with_only_unknown_keys_omitted", "[default]\noutput = json\n[profile a]\n", []string{"a"}},
		{"sso_session_and_unknown_sections_skipped", "[sso-session corp]\nsso_region=x\n[plugins]\nx=y\n[Profile A]\n[profile a]\n", []string{"a"}},
		{"section_names_case_sensitive", "[profile Dev]\n[profile dev]\n", []string{"Dev", "dev"}},
		{"repeated_section_listed_once", "[profile a]\nregion=x\n[profile b]\n[profile a]\nregion=y\n", []string{"a", "b"}},
		{"profile_default_and_default_listed_once", "[profile default]\nregion=x\n[default]\nregion=y\n", []string{"default"}},
		{"keys_before_first_header_ignored", "region = x\n[profile a]\n", []string{"a"}},
		{"empty_profile_name_skipped", "[profile ]\nregion=x\n[profile a]\n", []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := mustParseConfig(t, tt.text).ProfileNames()
			if !slices.Equal(got, tt.want) {
				t.Errorf("ProfileNames() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHasProfile_and_SSOSessionNames(t *testing.T) {
	t.Parallel()
	cfg := mustParseConfig(t, "[default]\n[profile a]\n[sso-session corp]\n[sso-session dev]\n")
	for name, want := range map[string]bool{"default": true, "a": true, "corp": false, "b": false, "": false} {
		if got := cfg.HasProfile(name); got != want {
			t.Errorf("HasProfile(%q) = %v, want %v", name, got, want)
		}
	}
	if got, want := cfg.SSOSessionNames(), []string{"corp", "dev"}; !slices.Equal(got, want) {
		t.Errorf("SSOSessionNames() = %q, want %q", got, want)
	}
}

func TestParseConfig_values(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		key  string
		want string
	}{
		{"keys_case_insensitive", "[profile a]\nRegion = eu-west-1\n", "region", "eu-west-1"},
		{"hash_without_space_kept", "[profile a]\nsso_start_url = https://x.awsapps.com/start#/\n", "sso_start_url", "https://x.awsapps.com/start#/"},
		{"comment_after_space_dropped", "[profile a]\nregion = eu-west-1 # Ireland\n", "region", "eu-west-1"},
		{"semicolon_after_space_dropped", "[profile a]\nregion = eu-west-1 ; Ireland\n", "region", "eu-west-1"},
		{"quotes_trimmed", "[profile a]\nrole_arn = \"arn:aws:iam::1:role/x\"\n", "role_arn", "arn:aws:iam::1:role/x"},
		{"nested_values_do_not_leak", "[profile a]\ns3 =\n  region = us-west-2\nregion = eu-west-1\n", "region", "eu-west-1"},
		{"later_repeat_wins", "[profile a]\nregion = a\n[profile a]\nregion = b\n", "region", "b"},
		{"no_interpolation", "[profile a]\nrole_session_name = %(region)s\nregion = x\n", "role_session_name", "%(region)s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sec, ok := mustParseConfig(t, tt.text).snapshot().profileSection("a")
			if !ok {
				t.Fatal("profile a missing")
			}
			if got := sec.get(tt.key); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestLoadConfigFile_malformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		text     string
		wantMsg  string
		wantHint string
	}{
		{"unclosed_section", "[default]\nregion = x\n[profile x\nregion = y\n", "line 3: unclosed section: [profile x", "close the section header"},
		{"line_without_equals", "[profile a]\n\nregion\n", "line 3: key-value delimiter not found: region", "key = value"},
		{"empty_key", "[profile a]\n= x\n", "line 2: empty key name", "key = value"},
		{"empty_section_name", "# top\n[]\n", "line 2: empty section name", "name the section"},
		{"unclosed_triple_quote", "[profile a]\nrole_arn = \"\"\"arn\n", "line 2: missing closing key quote", "close the quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "config")
			if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadConfigFile(path)
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("err = %v, want ErrConfig", err)
			}
			if want := path + " " + tt.wantMsg; !strings.Contains(err.Error(), want) {
				t.Errorf("err = %q, want it to contain %q", err, want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("err %q spans lines", err)
			}
			if !strings.Contains(Hint(err), tt.wantHint) {
				t.Errorf("hint = %q, want it to contain %q", Hint(err), tt.wantHint)
			}
		})
	}
}

func TestLoadConfigFile_unreadable_path(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() // a directory is not a readable config file
	_, err := LoadConfigFile(dir)
	if err == nil || !strings.HasPrefix(err.Error(), "read aws config") || Hint(err) == "" {
		t.Errorf("err = %v (hint %q), want a read error with a hint", err, Hint(err))
	}
}
