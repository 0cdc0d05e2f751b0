package vault

import (
	"errors"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzLoadConfig feeds arbitrary bytes through ParseConfig and resolves every profile: it must
// never panic, and every error must read as a sentence fragment (lowercase first) and wrap
// one of the sentinels callers branch on. AddProfile must work on anything that parsed.
func FuzzLoadConfig(f *testing.F) {
	f.Add([]byte("[default]\nregion = us-east-1\n[profile a]\nsource_profile = a\n"))
	f.Add([]byte("[profile a]\ninclude_profile = b\n[profile b]\ninclude_profile = a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig(data)
		if err != nil {
			fuzzCheckError(t, err)
			return
		}
		r := &Resolver{File: cfg, Env: Env{"AWS_SESSION_TAGS": "a=b"}}
		for _, name := range cfg.ProfileNames() {
			if _, err := r.Profile(name); err != nil {
				fuzzCheckError(t, err)
			}
		}
		// An appended section parses back, or AddProfile refuses and changes nothing.
		before := string(cfg.snapshot().data)
		if err := cfg.AddProfile("fuzz-added"); err != nil {
			fuzzCheckError(t, err)
			if string(cfg.snapshot().data) != before {
				t.Error("failed AddProfile changed the config")
			}
		} else if !cfg.HasProfile("fuzz-added") {
			t.Error("AddProfile succeeded but the profile is missing")
		}
		for _, name := range cfg.SSOSessionNames() {
			if _, err := r.Profile(name); err != nil { // no such profile: resolves from [default]
				fuzzCheckError(t, err)
			}
		}
	})
}

func fuzzCheckError(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if first, _ := utf8.DecodeRuneInString(msg); !unicode.IsLower(first) {
		t.Errorf("error does not start lowercase: %q", msg)
	}
	if !errors.Is(err, ErrConfig) && !errors.Is(err, ErrProfileNotFound) {
		t.Errorf("error wraps neither ErrConfig nor ErrProfileNotFound: %q", msg)
	}
}
