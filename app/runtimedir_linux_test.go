package app

import (
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

// The control socket lives in XDG_RUNTIME_DIR, else under the home directory, never in a
// directory other users can create in; with neither, the app says what to set.
func TestRuntimeDir(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env  vault.Env
		want string
	}{
		{vault.Env{"XDG_RUNTIME_DIR": "/run/user/1000", "HOME": "/home/u"}, "/run/user/1000/vaultbar"},
		{vault.Env{"HOME": "/home/u"}, "/home/u/.cache/vaultbar/run"},
		{vault.Env{"XDG_RUNTIME_DIR": "relative", "HOME": "/home/u", "XDG_CACHE_HOME": "/c"}, "/c/vaultbar/run"},
		{vault.Env{}, ""},
	} {
		got, err := New(Options{Env: tc.env}).RuntimeDir()
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("runtimeDir with %v = %q, %v; want %q", tc.env, got, err, tc.want)
		}
		if err != nil && vault.Hint(err) == "" {
			t.Errorf("error %v has no hint", err)
		}
	}
}
