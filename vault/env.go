package vault

import (
	"maps"
	"slices"
	"strings"
)

// Env is the process environment, read once by main and passed down, so that nothing in
// vault calls os.Getenv and tests can run in parallel with their own environments.
type Env map[string]string

// EnvFrom turns os.Environ-style "KEY=value" pairs into an Env.
func EnvFrom(environ []string) Env {
	env := make(Env, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return env
}

// Lookup reports the value of key and whether it is set at all (an empty value counts as set).
func (e Env) Lookup(key string) (string, bool) {
	v, ok := e[key]
	return v, ok
}

// Get returns the value of key, or "" if it is unset.
func (e Env) Get(key string) string { return e[key] }

// Environ is e as os.Environ-style "KEY=value" pairs, sorted, for a child process.
func (e Env) Environ() []string {
	out := make([]string, 0, len(e))
	for _, k := range slices.Sorted(maps.Keys(e)) {
		out = append(out, k+"="+e[k])
	}
	return out
}
