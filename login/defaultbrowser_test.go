package login

import (
	"testing"
)

// Only the argv pkg/browser would run itself goes to pkg/browser: isolation flags, `open -a`,
// custom commands and non-web URLs keep Launch's own argv.
func TestIsDefaultOpener(t *testing.T) {
	t.Parallel()
	url := "http://127.0.0.1:4242/once"
	for _, tt := range []struct {
		goos string
		argv []string
		want bool
	}{
		{"linux", []string{"/usr/bin/xdg-open", url}, true},
		{"linux", []string{"x-www-browser", url}, true},
		{"linux", []string{"/usr/bin/xdg-open", "/home/u/.aws/config"}, false}, // Edit config…: not a browser
		{"linux", []string{"/usr/bin/chromium", "--user-data-dir=/d", url}, false},
		{"linux", []string{"/usr/bin/firefox", url}, false},
		{"darwin", []string{"open", url}, true},
		{"darwin", []string{"open", "-a", "Safari", url}, false},
		{"windows", []string{"rundll32.exe", "url.dll,FileProtocolHandler", url}, true},
		{"windows", []string{"msedge.exe", url}, false},
		{"linux", []string{url}, false},
	} {
		if got := isDefaultOpener(tt.goos, tt.argv); got != tt.want {
			t.Errorf("%s %q: %v, want %v", tt.goos, tt.argv, got, tt.want)
		}
	}
}

// pkg/browser passes on the whole process environment, so it is used only when that has no
// AWS_* variable and is what the caller asked for.
func TestSameEnviron(t *testing.T) {
	t.Parallel()
	proc := []string{"PATH=/bin", "HOME=/h"}
	for _, tt := range []struct {
		name         string
		process, env []string
		want         bool
	}{
		{"same, other order", proc, []string{"HOME=/h", "PATH=/bin"}, true},
		{"caller's AWS_* is dropped anyway", proc, []string{"HOME=/h", "PATH=/bin", "AWS_PROFILE=p"}, true},
		{"process has a secret", append([]string{"AWS_SECRET_ACCESS_KEY=s"}, proc...), proc, false},
		{"process has a backend setting", append([]string{"aws_vault_backend=file"}, proc...), proc, false},
		{"caller wants another env", proc, []string{"PATH=/bin", "HOME=/other"}, false},
		{"caller wants less", proc, []string{"PATH=/bin"}, false},
	} {
		if got := sameEnviron(tt.process, tt.env); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
