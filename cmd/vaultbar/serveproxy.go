package main

import (
	"net/url"
	"slices"
	"strings"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/vault"
)

// Proxy variables that make botocore, the AWS CLI and curl send requests through a proxy:
// IMDS and container-credentials requests too, unless NO_PROXY names the server's host. The
// proxy then answers for 127.0.0.1 itself, or refuses, and the client finds no credentials.
var proxyVars = []string{"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"}

// noProxyLines are the lines that keep the servers' clients off a proxy, "" when no proxy
// variable is set or NO_PROXY already names every server's host. Each of NO_PROXY and
// no_proxy that is set is extended (urllib prefers the lowercase one); NO_PROXY when neither is.
func noProxyLines(env vault.Env, servers []app.EnvVar) string {
	if !slices.ContainsFunc(proxyVars, func(k string) bool { return env.Get(k) != "" }) {
		return ""
	}
	names := []string{}
	for _, k := range []string{"NO_PROXY", "no_proxy"} {
		if env.Get(k) != "" {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		names = []string{"NO_PROXY"}
	}
	var vars []app.EnvVar
	for _, name := range names {
		list := env.Get(name)
		have := strings.Split(list, ",")
		for i := range have {
			have[i] = strings.TrimSpace(have[i])
		}
		if slices.Contains(have, "*") {
			continue
		}
		for _, s := range servers {
			u, err := url.Parse(s.Value)
			if err != nil || u.Scheme != "http" || slices.Contains(have, u.Hostname()) {
				continue
			}
			have = append(have, u.Hostname())
			list = strings.TrimPrefix(list+","+u.Hostname(), ",")
		}
		if list != env.Get(name) {
			vars = append(vars, app.EnvVar{Name: name, Value: list})
		}
	}
	if len(vars) == 0 {
		return ""
	}
	return "# a proxy variable is set: without this, botocore and the AWS CLI ask the proxy for these credentials\n" +
		app.ExportLines(vars)
}
