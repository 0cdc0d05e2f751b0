package vault

import (
	"maps"
	"slices"
	"testing"
	"time"
)

func mustResolve(t *testing.T, r *Resolver, name string) *Profile {
	t.Helper()
	p, err := r.Profile(name)
	if err != nil {
		t.Fatalf("Profile(%q): %v", name, err)
	}
	return p
}

const resolveTestConfig = `
[default]
region = us-east-1
mfa_serial = arn:aws:iam::1:mfa/default

[profile base]
region = eu-west-1
external_id = base-ext

[profile middle]
include_profile = base
role_session_name = middle-session

[profile top]
include_profile = middle
role_arn = arn:aws:iam::2:role/top

[profile user]
mfa_serial = arn:aws:iam::1:mfa/user

[profile role]
source_profile = user
role_arn = arn:aws:iam::2:role/admin

[profile chain]
source_profile = role
role_arn = arn:aws:iam::3:role/deep

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-central-1
sso_registration_scopes = sso:account:access

[profile sso]
sso_session = corp
sso_start_url = https://inline.awsapps.com/start
sso_account_id = 123456789012
sso_role_name = Dev

[profile sso-inline]
sso_start_url = https://inline.awsapps.com/start
sso_region = us-west-2

[profile self]
source_profile = self
ROLE_ARN = arn:aws:iam::4:role/self
`

func TestResolver_values(t *testing.T) {
	t.Parallel()
	cfg := mustParseConfig(t, resolveTestConfig)
	tests := []struct {
		name    string
		profile string
		get     func(*Profile) string
		want    string
	}{
		{"default_fallback_fills_region", "user", func(p *Profile) string { return p.Region }, "us-east-1"},
		{"own_value_beats_default", "base", func(p *Profile) string { return p.Region }, "eu-west-1"},
		{"default_fallback_fills_mfa_serial", "base", func(p *Profile) string { return p.MFASerial }, "arn:aws:iam::1:mfa/default"},
		{"include_chain_two_deep", "top", func(p *Profile) string { return p.ExternalID }, "base-ext"},
		{"include_chain_region", "top", func(p *Profile) string { return p.Region }, "eu-west-1"},
		{"include_chain_middle_value", "top", func(p *Profile) string { return p.RoleSessionName }, "middle-session"},
		{"include_chain_then_default", "top", func(p *Profile) string { return p.MFASerial }, "arn:aws:iam::1:mfa/default"},
		{"sso_session_beats_inline_start_url", "sso", func(p *Profile) string { return p.SSOStartURL }, "https://corp.awsapps.com/start"},
		{"sso_session_region", "sso", func(p *Profile) string { return p.SSORegion }, "eu-central-1"},
		{"sso_session_scopes", "sso", func(p *Profile) string { return p.SSORegistrationScopes }, "sso:account:access"},
		{"sso_inline_without_session", "sso-inline", func(p *Profile) string { return p.SSOStartURL }, "https://inline.awsapps.com/start"},
		{"case_insensitive_key", "self", func(p *Profile) string { return p.RoleARN }, "arn:aws:iam::4:role/self"},
		{"self_source_profile_ignored", "self", func(p *Profile) string { return p.SourceProfileName }, ""},
		{"source_profile_kept", "role", func(p *Profile) string { return p.SourceProfileName }, "user"},
		{"mfa_serial_not_inherited_from_source", "role", func(p *Profile) string { return p.MFASerial }, "arn:aws:iam::1:mfa/default"},
		{"profile_without_section_uses_default", "keyring-only", func(p *Profile) string { return p.Region }, "us-east-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := mustResolve(t, &Resolver{File: cfg}, tt.profile)
			if got := tt.get(p); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestResolver_source_chain(t *testing.T) {
	t.Parallel()
	cfg := mustParseConfig(t, resolveTestConfig)
	p := mustResolve(t, &Resolver{File: cfg}, "chain")
	if p.Source == nil || p.Source.Name != "role" || p.Source.Source == nil || p.Source.Source.Name != "user" {
		t.Fatalf("chain source = %+v, want chain -> role -> user", p.Source)
	}
	user := p.Source.Source
	if user.ChainedFrom != p.Source || p.Source.ChainedFrom != p || p.ChainedFrom != nil {
		t.Error("ChainedFrom does not point back along the chain")
	}
	if user.MFASerial != "arn:aws:iam::1:mfa/user" {
		t.Errorf("user MFASerial = %q", user.MFASerial)
	}
	if p.Source.HasRole() != true || user.Source != nil {
		t.Error("role should assume a role and user should have no source")
	}
	if self := mustResolve(t, &Resolver{File: cfg}, "self"); self.Source != nil {
		t.Error("self source_profile produced a Source")
	}
}

func TestResolver_durations(t *testing.T) {
	t.Parallel()
	cfg := mustParseConfig(t, resolveTestConfig+"\n[profile long]\nsource_profile = user\nduration_seconds = 7200\n")
	tests := []struct {
		name    string
		profile string
		env     Env
		flags   Overrides
		get     func(*Profile) time.Duration
		want    time.Duration
	}{
		{"assume_role_default_1h", "role", nil, Overrides{}, func(p *Profile) time.Duration { return p.AssumeRoleDuration }, time.Hour},
		{"federation_default_1h", "user", nil, Overrides{}, func(p *Profile) time.Duration { return p.FederationTokenDuration }, time.Hour},
		{"session_token_unchained_1h", "user", nil, Overrides{}, (*Profile).SessionTokenDuration, time.Hour},
		{"session_token_chained_8h", "role", nil, Overrides{}, func(p *Profile) time.Duration { return p.Source.SessionTokenDuration() }, 8 * time.Hour},
		{"duration_seconds_sets_assume_role", "long", nil, Overrides{}, func(p *Profile) time.Duration { return p.AssumeRoleDuration }, 2 * time.Hour},
		{"env_ttl_beats_duration_seconds", "long", Env{"AWS_ASSUME_ROLE_TTL": "30m"}, Overrides{}, func(p *Profile) time.Duration { return p.AssumeRoleDuration }, 30 * time.Minute},
		{"flag_beats_env_ttl", "long", Env{"AWS_ASSUME_ROLE_TTL": "30m"}, Overrides{Duration: 15 * time.Minute}, func(p *Profile) time.Duration { return p.AssumeRoleDuration }, 15 * time.Minute},
		{"flag_sets_session_token", "user", nil, Overrides{Duration: 2 * time.Hour}, (*Profile).SessionTokenDuration, 2 * time.Hour},
		{"flag_sets_federation", "user", nil, Overrides{Duration: 2 * time.Hour}, func(p *Profile) time.Duration { return p.FederationTokenDuration }, 2 * time.Hour},
		{"flag_leaves_chained_session", "role", nil, Overrides{Duration: 2 * time.Hour}, func(p *Profile) time.Duration { return p.Source.SessionTokenDuration() }, 8 * time.Hour},
		{"env_chained_ttl", "role", Env{"AWS_CHAINED_SESSION_TOKEN_TTL": "12h"}, Overrides{}, func(p *Profile) time.Duration { return p.Source.SessionTokenDuration() }, 12 * time.Hour},
		{"env_session_ttl", "user", Env{"AWS_SESSION_TOKEN_TTL": "43200s"}, Overrides{}, (*Profile).SessionTokenDuration, 12 * time.Hour},
		{"env_federation_ttl", "user", Env{"AWS_FEDERATION_TOKEN_TTL": "90m"}, Overrides{}, func(p *Profile) time.Duration { return p.FederationTokenDuration }, 90 * time.Minute},
		{"invalid_env_ttl_ignored", "role", Env{"AWS_ASSUME_ROLE_TTL": "soon"}, Overrides{}, func(p *Profile) time.Duration { return p.AssumeRoleDuration }, time.Hour},
		{"negative_env_ttl_ignored", "role", Env{"AWS_ASSUME_ROLE_TTL": "-1h"}, Overrides{}, func(p *Profile) time.Duration { return p.AssumeRoleDuration }, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := mustResolve(t, &Resolver{File: cfg, Env: tt.env, Flags: tt.flags}, tt.profile)
			if got := tt.get(p); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestResolver_precedence(t *testing.T) {
	t.Parallel()
	cfg := mustParseConfig(t, resolveTestConfig)
	tests := []struct {
		name  string
		env   Env
		flags Overrides
		want  string
	}{
		{"section", nil, Overrides{}, "eu-west-1"},
		{"aws_default_region_beats_section", Env{"AWS_DEFAULT_REGION": "ap-south-1"}, Overrides{}, "ap-south-1"},
		{"aws_region_beats_aws_default_region", Env{"AWS_REGION": "sa-east-1", "AWS_DEFAULT_REGION": "ap-south-1"}, Overrides{}, "sa-east-1"},
		{"empty_env_ignored", Env{"AWS_REGION": ""}, Overrides{}, "eu-west-1"},
		{"flag_beats_env", Env{"AWS_REGION": "sa-east-1"}, Overrides{Region: "ca-central-1"}, "ca-central-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := mustResolve(t, &Resolver{File: cfg, Env: tt.env, Flags: tt.flags}, "top")
			if p.Region != tt.want {
				t.Errorf("Region = %q, want %q", p.Region, tt.want)
			}
		})
	}
}

func TestResolver_env_active_profile_only(t *testing.T) {
	t.Parallel()
	env := Env{
		"AWS_REGION":            "sa-east-1",
		"AWS_MFA_SERIAL":        "arn:aws:iam::9:mfa/env",
		"AWS_ROLE_ARN":          "arn:aws:iam::9:role/env",
		"AWS_ROLE_SESSION_NAME": "env-session",
		"AWS_SOURCE_IDENTITY":   "alice",
		"AWS_SESSION_TAGS":      "team = core , env=prod",
		"AWS_TRANSITIVE_TAGS":   "team, env",
	}
	cfg := mustParseConfig(t, resolveTestConfig)
	p := mustResolve(t, &Resolver{File: cfg, Env: env, Flags: Overrides{MFAToken: "123456"}}, "role")
	src := p.Source
	// Every profile in the chain; the environment beats the sections.
	for _, q := range []*Profile{p, src} {
		if q.Region != "sa-east-1" || q.MFAToken != "123456" || q.MFASerial != "arn:aws:iam::9:mfa/env" {
			t.Errorf("%s: Region %q MFAToken %q MFASerial %q, want env values and flag token", q.Name, q.Region, q.MFAToken, q.MFASerial)
		}
	}
	// The requested profile only.
	if p.RoleARN != "arn:aws:iam::9:role/env" || p.RoleSessionName != "env-session" || p.SourceIdentity != "alice" {
		t.Errorf("role = %q/%q/%q", p.RoleARN, p.RoleSessionName, p.SourceIdentity)
	}
	if want := map[string]string{"team": "core", "env": "prod"}; !maps.Equal(p.SessionTags, want) {
		t.Errorf("SessionTags = %v, want %v", p.SessionTags, want)
	}
	if want := []string{"team", "env"}; !slices.Equal(p.TransitiveSessionTags, want) {
		t.Errorf("TransitiveSessionTags = %q, want %q", p.TransitiveSessionTags, want)
	}
	if src.RoleARN != "" || src.RoleSessionName != "" || src.SourceIdentity != "" || src.SessionTags != nil || src.TransitiveSessionTags != nil {
		t.Errorf("source profile picked up active-only variables: %+v", src)
	}
}

func TestResolver_session_tags_from_file(t *testing.T) {
	t.Parallel()
	cfg := mustParseConfig(t, "[profile a]\nsession_tags = k1 = v1, k2=v2,\ntransitive_session_tags = k1 , k2\n")
	p := mustResolve(t, &Resolver{File: cfg}, "a")
	if want := map[string]string{"k1": "v1", "k2": "v2"}; !maps.Equal(p.SessionTags, want) {
		t.Errorf("SessionTags = %v, want %v", p.SessionTags, want)
	}
	if want := []string{"k1", "k2"}; !slices.Equal(p.TransitiveSessionTags, want) {
		t.Errorf("TransitiveSessionTags = %q, want %q", p.TransitiveSessionTags, want)
	}
}
