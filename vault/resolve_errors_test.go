package vault

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/fixture"
)

func TestResolver_errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		text     string
		env      Env
		profile  string
		wantIs   error
		wantMsg  string
		wantHint string
	}{
		{"include_loop", "[profile a]\ninclude_profile = b\n[profile b]\ninclude_profile = a\n", nil, "a", ErrConfig,
			"include_profile loop: a -> b -> a", "remove one of the include_profile lines"},
		{"include_self", "[profile a]\ninclude_profile = a\n", nil, "a", ErrConfig,
			"include_profile loop: a -> a", "remove one of the include_profile lines"},
		{"include_unknown", "[profile a]\ninclude_profile = nope\n", nil, "a", ErrConfig,
			`[profile a]: include_profile "nope" is not a profile`, "add a [profile nope] section"},
		{"unknown_source_profile", "[profile a]\nsource_profile = nope\n", nil, "a", ErrConfig,
			`profile "a": unknown source_profile "nope"`, "add a [profile nope] section"},
		{"source_loop", "[profile a]\nsource_profile = b\n[profile b]\nsource_profile = a\n", nil, "a", ErrConfig,
			"source_profile loop: a -> b -> a", "remove one of the source_profile lines"},
		{"source_loop_three", "[profile a]\nsource_profile = b\n[profile b]\nsource_profile = c\n[profile c]\nsource_profile = b\n", nil, "a", ErrConfig,
			"source_profile loop: a -> b -> c -> b", "remove one of the source_profile lines"},
		{"malformed_session_tags", "[profile a]\nsession_tags = team\n", nil, "a", ErrConfig,
			`[profile a]: session_tags: "team" is not key=value`, "key1=value1"},
		{"malformed_transitive_tags", "[profile a]\ntransitive_session_tags = team=core\n", nil, "a", ErrConfig,
			`[profile a]: transitive_session_tags: "team=core" is a key=value pair`, "tag keys only"},
		{"malformed_env_session_tags", "[profile a]\n", Env{"AWS_SESSION_TAGS": "=x"}, "a", ErrConfig,
			`AWS_SESSION_TAGS: "=x" is not key=value`, "AWS_SESSION_TAGS=key1=value1"},
		{"bad_duration_seconds", "[profile a]\nduration_seconds = 1h\n", nil, "a", ErrConfig,
			`[profile a]: duration_seconds: "1h" is not a positive number of seconds`, "whole number of seconds"},
		{"missing_sso_session", "[profile a]\nsso_session = corp\n", nil, "a", ErrConfig,
			`[profile a]: sso_session "corp" has no [sso-session corp] section`, "add an [sso-session corp] section"},
		{"empty_name", "", nil, "", ErrProfileNotFound, "empty profile name", "pick a profile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := (&Resolver{File: mustParseConfig(t, tt.text), Env: tt.env}).Profile(tt.profile)
			if !errors.Is(err, tt.wantIs) {
				t.Fatalf("err = %v, want %v", err, tt.wantIs)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %q, want it to contain %q", err, tt.wantMsg)
			}
			if !strings.Contains(Hint(err), tt.wantHint) {
				t.Errorf("hint = %q, want it to contain %q", Hint(err), tt.wantHint)
			}
		})
	}
}

func TestResolver_edge_cases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		text    string
		profile string
		want    string // Region
	}{
		// [default] including a shared profile must not make every profile's implicit
		// fallback to [default] look like a loop.
		{"default_includes_shared", "[default]\ninclude_profile = shared\n[profile shared]\nregion = r1\n[profile a]\n", "a", "r1"},
		{"explicit_include_of_default", "[default]\nregion = r2\n[profile a]\ninclude_profile = default\n", "a", "r2"},
		{"profile_default_section", "[profile default]\nregion = r3\n[profile a]\n", "a", "r3"},
		{"nil_file", "", "a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &Resolver{}
			if tt.text != "" {
				r.File = mustParseConfig(t, tt.text)
			}
			if p := mustResolve(t, r, tt.profile); p.Region != tt.want {
				t.Errorf("Region = %q, want %q", p.Region, tt.want)
			}
		})
	}
}

func TestResolver_generated_config(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := fixture.GenerateConfig(50, &buf); err != nil {
		t.Fatal(err)
	}
	cfg := mustParseConfig(t, buf.String())
	r := &Resolver{File: cfg}
	for _, name := range cfg.ProfileNames() {
		mustResolve(t, r, name)
	}
	readonly := mustResolve(t, r, fixture.ProfileName(2))
	if readonly.Source == nil || readonly.Source.Source == nil || readonly.Source.Source.Name != fixture.ProfileName(0) {
		t.Errorf("%s does not chain to %s", readonly.Name, fixture.ProfileName(0))
	}
	if sso := mustResolve(t, r, fixture.ProfileName(3)); !sso.HasSSO() || sso.SSORegion != "eu-west-1" {
		t.Errorf("%s: SSO start URL %q region %q", sso.Name, sso.SSOStartURL, sso.SSORegion)
	}
}
