package vault

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestAddProfile_appends_and_keeps_existing_bytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		existing string
		profile  string
		want     string // the whole file afterwards
	}{
		{
			name:     "comments_and_unknown_sections_untouched",
			existing: "# my config\n[default]\nregion=eu-west-1   ; Ireland\n\n[plugins]\ncli_legacy_plugin_path = /x\n",
			profile:  "work",
			want:     "# my config\n[default]\nregion=eu-west-1   ; Ireland\n\n[plugins]\ncli_legacy_plugin_path = /x\n\n[profile work]\n",
		},
		{
			name:     "missing_final_newline",
			existing: "[profile a]\nregion = x",
			profile:  "b",
			want:     "[profile a]\nregion = x\n\n[profile b]\n",
		},
		{
			name:     "crlf_file_stays_crlf",
			existing: "[profile a]\r\nregion = x\r\n",
			profile:  "b",
			want:     "[profile a]\r\nregion = x\r\n\r\n[profile b]\r\n",
		},
		{
			name:     "trailing_continuation_not_swallowing_header",
			existing: "[profile a]\nrole_session_name = x\\\n",
			profile:  "b",
			want:     "[profile a]\nrole_session_name = x\\\n\n[profile b]\n",
		},
		{
			name:     "default_gets_default_header",
			existing: "[profile a]\n",
			profile:  "default",
			want:     "[profile a]\n\n[default]\n",
		},
		{
			name:     "empty_file",
			existing: "",
			profile:  "a",
			want:     "[profile a]\n",
		},
		{
			name:     "existing_profile_not_written",
			existing: "[profile a]   # keep me\nregion=x\n",
			profile:  "a",
			want:     "[profile a]   # keep me\nregion=x\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "config")
			if err := os.WriteFile(path, []byte(tt.existing), 0o600); err != nil {
				t.Fatal(err)
			}
			cfg, err := LoadConfigFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := cfg.AddProfile(tt.profile); err != nil {
				t.Fatalf("AddProfile: %v", err)
			}
			got, _ := os.ReadFile(path)
			if string(got) != tt.want {
				t.Errorf("file = %q, want %q", got, tt.want)
			}
			if !cfg.HasProfile(tt.profile) {
				t.Errorf("in-memory view lacks %q after AddProfile", tt.profile)
			}
			reread, err := LoadConfigFile(path)
			if err != nil || !reread.HasProfile(tt.profile) {
				t.Errorf("re-read file lacks %q (err %v)", tt.profile, err)
			}
		})
	}
}

func TestAddProfile_creates_private_dir_and_file(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), ".aws", "config")
	cfg, err := LoadConfigFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.AddProfile("dev"); err != nil {
		t.Fatalf("AddProfile: %v", err)
	}
	assertMode(t, filepath.Dir(path), 0o700)
	assertMode(t, path, 0o600)
	if got := cfg.ProfileNames(); !slices.Equal(got, []string{"dev"}) {
		t.Errorf("ProfileNames() = %q, want [dev]", got)
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s mode = %o, want %o", path, got, want)
	}
}

func TestAddProfile_sees_changes_made_by_the_cli(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config")
	cfg, err := LoadConfigFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The aws-vault CLI adds the profile after Vaultbar read the file.
	if err := os.WriteFile(path, []byte("[profile a]\nregion = x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := cfg.AddProfile("a"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "[profile a]\nregion = x\n" {
		t.Errorf("file = %q, want it unchanged", got)
	}
	if !cfg.HasProfile("a") {
		t.Error("in-memory view lacks the profile the CLI added")
	}
}

func TestAddProfile_rejects_names_that_are_not_section_names(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		profile string
		wantMsg string
	}{
		{"empty", "", "profile name is empty"},
		{"closing_bracket", "a]b", "contains ]"},
		{"newline", "a\n[profile b", "control character"},
		{"leading_space", " a", "starts or ends with a space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "config")
			cfg, err := LoadConfigFile(path)
			if err != nil {
				t.Fatal(err)
			}
			err = cfg.AddProfile(tt.profile)
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) || Hint(err) == "" {
				t.Fatalf("err = %v (hint %q), want %q with a hint", err, Hint(err), tt.wantMsg)
			}
			if _, statErr := os.Stat(path); !os.IsNotExist(statErr) {
				t.Error("a rejected name still created the file")
			}
		})
	}
}

func TestAddProfile_parsed_config_changes_only_in_memory(t *testing.T) {
	t.Parallel()
	cfg := mustParseConfig(t, "[profile a]\n")
	if err := cfg.AddProfile("b"); err != nil {
		t.Fatal(err)
	}
	if got := cfg.ProfileNames(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("ProfileNames() = %q, want [a b]", got)
	}
}

func TestAddProfile_refuses_when_the_last_line_would_change_meaning(t *testing.T) {
	t.Parallel()
	// `"""` at the very end is a plain value; followed by a newline it opens a multi-line
	// string that would swallow the new header.
	const existing = "[profile a]\nk = \"\"\""
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(existing), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfigFile(path)
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.AddProfile("b")
	if !errors.Is(err, ErrConfig) || !strings.Contains(Hint(err), "add [profile b] to the file by hand") {
		t.Fatalf("err = %v (hint %q), want ErrConfig with a hint", err, Hint(err))
	}
	if got, _ := os.ReadFile(path); string(got) != existing {
		t.Errorf("file = %q, want it untouched", got)
	}
}
