package login

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/vaultbar/vaultbar/vault"
)

// checkLoopbackURL enforces the rule that only a one-time loopback URL goes on a browser's
// command line: argv is readable by every local user (ps), so the sign-in token itself must
// reach the browser through a loopback redirect, never through argv.
func checkLoopbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.User == nil && isLoopbackHost(u.Hostname()) {
		return nil
	}
	// The URL itself is not quoted: it may be exactly the secret this check keeps off argv.
	return vault.WithHint(fmt.Errorf("%w", ErrUnsafeURL), "browsers are opened on a one-time http://127.0.0.1 redirect URL")
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
