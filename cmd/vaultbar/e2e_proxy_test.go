package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/99designs/keyring"
)

// Corporate networks: with no endpoint override, Vaultbar reaches STS through HTTPS_PROXY,
// trusts the CA in SSL_CERT_FILE, and picks the regional endpoint of each partition.
func TestE2EProxyCAAndRegionalEndpoints(t *testing.T) {
	w := newWorld(t, keyring.FileBackend)
	w.writeConfig(`[profile eu]
region = eu-west-1
[profile cn]
region = cn-north-1
[profile gov]
region = us-gov-west-1
[profile global]
`)
	w.fake.STS.AddUser(aliceKeyID, aliceSecret, "alice")
	for _, p := range []string{"eu", "cn", "gov", "global"} {
		mustRun(t)(w.runTool(w.vaultbar, withKeys(aliceKeyID, aliceSecret), "add", "--env", p))
	}
	want := map[string]string{
		"eu":     "sts.eu-west-1.amazonaws.com",
		"cn":     "sts.cn-north-1.amazonaws.com.cn",
		"gov":    "sts.us-gov-west-1.amazonaws.com",
		"global": "sts.us-east-1.amazonaws.com",
	}
	for p, host := range want {
		w.fake.STS.Reset()
		out, err := w.runTool(w.vaultbar, w.fake.Proxy.Env(), "env", p, "--format=json")
		if err != nil {
			t.Fatal(err)
		}
		calls := w.fake.STS.Calls()
		if len(calls) != 1 || strings.Split(calls[0].Host, ":")[0] != host || processKeyID(t, out) == "" {
			t.Errorf("profile %s: STS calls %+v, want one to %s through the proxy", p, calls, host)
		}
	}
	// Without the CA, the proxy's certificate is refused: one clear line, no secret.
	w.vb("clear", "eu")
	env := append(w.fake.Proxy.Env(), "SSL_CERT_FILE=/dev/null")
	_, err := w.runTool(w.vaultbar, env, "env", "eu", "--format=json")
	if err == nil || !strings.Contains(err.Error(), "cannot reach aws sts") {
		t.Errorf("with an untrusted proxy CA: %v, want a 'cannot reach aws sts' failure", err)
	}
}

// With the Secret Service asked for but no D-Bus session to reach it, the user gets one line
// saying the keyring is unavailable, with a hint, and nothing is written anywhere.
func TestE2EKeyringWithoutSessionBus(t *testing.T) {
	w := newWorld(t, keyring.FileBackend)
	w.writeConfig("[profile eu]\nregion = eu-west-1\n")
	env := []string{"AWS_VAULT_BACKEND=secret-service", "DBUS_SESSION_BUS_ADDRESS=unix:path=" + w.dir + "/no-bus"}
	_, err := w.runTool(w.vaultbar, env, "list")
	var f *toolFailure
	if !errors.As(err, &f) {
		t.Fatalf("vaultbar list without a session bus: %v, want a failure", err)
	}
	lines := strings.Split(strings.TrimSpace(f.stderr), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "needs a d-bus session bus") || !strings.Contains(lines[0], "(hint: ") {
		t.Errorf("stderr = %q, want one line saying the keyring is unavailable, with a hint", f.stderr)
	}
}
