package vault_test

import (
	"context"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/vault"
)

// TestSTSRegionalEndpointsLegacy calls STS through the intercepting proxy, which sees the
// real host names the SDK resolved: sts_regional_endpoints = legacy (or
// AWS_STS_REGIONAL_ENDPOINTS=legacy) sends the regions of the SDK v1 list to the global
// endpoint, and leaves other regions, and the default, on their regional endpoints.
func TestSTSRegionalEndpointsLegacy(t *testing.T) {
	t.Parallel()
	const config = `
[profile legacy-eu]
region = eu-west-1
sts_regional_endpoints = legacy

[profile legacy-hk]
region = ap-east-1
sts_regional_endpoints = legacy

[profile regional-eu]
region = eu-west-1
sts_regional_endpoints = regional

[profile plain-eu]
region = eu-west-1
`
	for _, tc := range []struct {
		profile string
		env     vault.Env
		host    string
	}{
		{"legacy-eu", nil, "sts.amazonaws.com"},
		{"legacy-hk", nil, "sts.ap-east-1.amazonaws.com"}, // not in the legacy list
		{"regional-eu", nil, "sts.eu-west-1.amazonaws.com"},
		{"plain-eu", nil, "sts.eu-west-1.amazonaws.com"},
		{"plain-eu", vault.Env{"AWS_STS_REGIONAL_ENDPOINTS": "legacy"}, "sts.amazonaws.com"},
	} {
		t.Run(tc.profile+"/"+tc.env.Get("AWS_STS_REGIONAL_ENDPOINTS"), func(t *testing.T) {
			t.Parallel()
			f := fakeaws.Start(t)
			f.AddUser(bobKeyID, bobSecret, "bob")
			store := vault.NewStore(keyring.NewArrayKeyring(nil), time.Now)
			cfg, err := vault.ParseConfig([]byte(config))
			must(t, err)
			must(t, store.SetCredentials(tc.profile, aws.Credentials{AccessKeyID: bobKeyID, SecretAccessKey: bobSecret}))
			client := f.Proxy.Client()
			t.Cleanup(client.CloseIdleConnections)
			v := vault.New(store, vault.Options{HTTPClient: client})
			p, err := (&vault.Resolver{File: cfg, Env: tc.env}).Profile(tc.profile)
			must(t, err)
			if _, err := v.Credentials(context.Background(), p, vault.CredentialOptions{}); err != nil {
				t.Fatal(err)
			}
			calls := f.CallsFor("GetSessionToken")
			if len(calls) != 1 || calls[0].Host != tc.host {
				t.Fatalf("calls = %+v, want one GetSessionToken to %s", calls, tc.host)
			}
		})
	}
}
