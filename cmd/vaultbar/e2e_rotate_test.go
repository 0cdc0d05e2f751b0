package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/keyring"
)

const rotateConfig = `[profile alice]
region = eu-west-1
mfa_serial = ` + aliceMFA + `
mfa_process = echo ` + goodCode + `

[profile bob]
region = eu-west-1
`

func TestE2ERotateAWSVaultCompatFileBackend(t *testing.T) {
	testRotateAWSVaultCompat(t, keyring.FileBackend)
}

func TestE2ERotateAWSVaultCompatSecretService(t *testing.T) {
	testRotateAWSVaultCompat(t, keyring.SecretServiceBackend)
}

// The real aws-vault CLI and vaultbar rotate the same key in turn against the fake IAM: each
// uses the key the other stored, and both print the same lines.
func testRotateAWSVaultCompat(t *testing.T, backend keyring.BackendType) {
	w := newWorld(t, backend)
	w.writeConfig(rotateConfig)
	w.fake.STS.AddUser(aliceKeyID, aliceSecret, "alice")
	w.fake.STS.SetMFA(aliceMFA, goodCode)
	mustRun(t)(w.runTool(w.awsVault, withKeys(aliceKeyID, aliceSecret), "add", "--env", "alice"))

	avOut := w.av("rotate", "-n", "alice")
	avKey := w.onlyKey("alice")
	if avKey == aliceKeyID {
		t.Fatal("aws-vault rotate left the old key")
	}
	if got := processKeyID(t, w.vb("env", "alice", "--no-session", "--format=json")); got != avKey {
		t.Fatalf("vaultbar uses %s after aws-vault rotated to %s", got, avKey)
	}

	vbOut := w.vbIAM("rotate", "-n", "alice")
	vbKey := w.onlyKey("alice")
	if vbKey == avKey {
		t.Fatal("vaultbar rotate left the old key")
	}
	if got := processKeyID(t, w.av("export", "--no-session", "--format=json", "alice")); got != vbKey {
		t.Fatalf("aws-vault uses %s after vaultbar rotated to %s", got, vbKey)
	}
	masked := regexp.MustCompile(`\*{16}[A-Z0-9]{4}`)
	if a, b := masked.ReplaceAllString(avOut, "KEY"), masked.ReplaceAllString(vbOut, "KEY"); a != b {
		t.Errorf("rotate output differs:\naws-vault:\n%s\nvaultbar:\n%s", a, b)
	}

	// With the profile's MFA session, as aws-vault's rotate without -n; the key still works
	// for aws-vault afterwards (GetSessionToken through the proxy).
	w.vbIAM("rotate", "alice")
	last := w.onlyKey("alice")
	if last == vbKey {
		t.Fatal("the MFA rotation left the old key")
	}
	if out := w.av("export", "--format=json", "alice"); processKeyID(t, out) == "" || !strings.Contains(out, "SessionToken") {
		t.Fatalf("aws-vault cannot use the rotated key: %s", out)
	}
}

// A profile without mfa_serial: aws-vault's rotate signs IAM calls with a GetSessionToken
// session opened without MFA, which IAM refuses; vaultbar signs them with the keys.
func TestE2ERotateWithoutMFA(t *testing.T) {
	w := newWorld(t, keyring.FileBackend)
	w.writeConfig(rotateConfig)
	w.fake.STS.AddUser(bobKeyID, bobSecret, "bob")
	mustRun(t)(w.runTool(w.awsVault, withKeys(bobKeyID, bobSecret), "add", "--env", "bob"))
	if _, err := w.runTool(w.awsVault, w.fake.Proxy.Env(), "rotate", "bob"); err == nil || !strings.Contains(err.Error(), "InvalidClientTokenId") {
		t.Fatalf("aws-vault rotate bob: %v, want IAM to refuse its session", err)
	}
	if w.onlyKey("bob") != bobKeyID {
		t.Fatal("aws-vault's failed rotation changed the keys")
	}
	w.vbIAM("rotate", "bob")
	if got := w.onlyKey("bob"); got == bobKeyID || processKeyID(t, w.av("export", "--no-session", "--format=json", "bob")) != got {
		t.Fatal("vaultbar's rotation did not replace the stored key")
	}
}

// vbIAM runs vaultbar pointed at the fake STS and IAM with the SDK's variables.
func (w *world) vbIAM(args ...string) string {
	w.t.Helper()
	out, err := w.runTool(w.vaultbar, []string{"AWS_ENDPOINT_URL_STS=" + w.fake.URL, "AWS_ENDPOINT_URL_IAM=" + w.fake.IAMURL}, args...)
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

// onlyKey is the user's one access key in IAM; two keys fail the test.
func (w *world) onlyKey(user string) string {
	w.t.Helper()
	keys := w.fake.IAM.Keys(user)
	if len(keys) != 1 {
		w.t.Fatalf("iam has %d keys for %s, want 1", len(keys), user)
	}
	return keys[0].ID
}
