package vault_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vaultbar/vaultbar/vault"
)

// A credential_process or mfa_process that prints far more than any document is stopped at
// the cap with an error that says so, instead of being read into memory whole.
func TestProcessOutputIsCapped(t *testing.T) {
	t.Parallel()
	const flood = "head -c 8388608 /dev/zero" // 8 MiB, 8 times the cap
	for name, profile := range map[string]string{
		"credential_process": "[profile proc]\ncredential_process = " + flood + "\n",
		"mfa_process":        "[profile proc]\nmfa_serial = " + aliceMFA + "\nmfa_process = " + flood + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t)
			cfg, err := vault.ParseConfig([]byte(chainConfig + "\n" + profile))
			must(t, err)
			r.cfg = cfg
			if name == "mfa_process" {
				must(t, r.store.SetCredentials("proc", aws.Credentials{AccessKeyID: aliceKeyID, SecretAccessKey: aliceSecret}))
			}
			_, err = r.creds("proc", vault.CredentialOptions{})
			if err == nil || !strings.Contains(err.Error(), name+" of profile proc") ||
				!strings.Contains(err.Error(), "output exceeds 1024 KiB") || vault.Hint(err) == "" {
				t.Fatalf("error = %v (hint %q), want the %s stopped at the output cap, with a hint", err, vault.Hint(err), name)
			}
			if n := len(r.fake.STS.Calls()); n != 0 {
				t.Errorf("%d STS calls after a flooding %s, want 0", n, name)
			}
		})
	}
}
