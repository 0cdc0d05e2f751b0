package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/vault"
)

// newRotateCLI is the CLI against the fake STS and IAM, with alice's keys stored and an
// mfa_process that answers her code, since rotate asks for it like aws-vault (no --mfa-token).
func newRotateCLI(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t, aliceConfig+"mfa_process = echo "+goodCode+"\n")
	c.env["AWS_ENDPOINT_URL_IAM"] = c.fake.IAMURL
	c.addAlice()
	return c
}

// storedKeyID is the access key `vaultbar env --no-session` hands out: the stored one.
func (c *cli) storedKeyID(profile string) string {
	c.t.Helper()
	for _, line := range strings.Split(c.ok("env", profile, "--no-session"), "\n") {
		if id, ok := strings.CutPrefix(line, "export AWS_ACCESS_KEY_ID="); ok {
			return id
		}
	}
	c.t.Fatal("env printed no AWS_ACCESS_KEY_ID")
	return ""
}

func keyIDs(f *fakeaws.Fake, user string) []string {
	var out []string
	for _, k := range f.IAM.Keys(user) {
		out = append(out, k.ID)
	}
	return out
}

func TestRotate(t *testing.T) {
	t.Parallel()
	c := newRotateCLI(t)
	c.fake.IAM.RequireMFA("alice") // IAM calls need the MFA session
	c.fake.IAM.SetPropagation(1)   // and the new key is refused once
	c.ok("env", "alice")           // a session of the old key, to be removed

	out := c.ok("rotate", "alice")
	ids := keyIDs(c.fake, "alice")
	if len(ids) != 1 || ids[0] == aliceKeyID {
		t.Fatalf("iam keys %v, want one new key", ids)
	}
	newID := ids[0]
	want := strings.Join([]string{
		"Rotating credentials stored for profile 'alice' using a session from profile 'alice' (takes 10-20 seconds)",
		"Creating a new access key",
		"Created new access key " + vault.DisplayKey(newID),
		"Deleted 1 sessions for alice",
		"Deleting old access key ****************0001",
		"Deleted old access key ****************0001",
		"Finished rotating access key",
	}, "\n") + "\n"
	if out != want {
		t.Fatalf("rotate printed\n%s\nwant\n%s", out, want)
	}
	if got := c.storedKeyID("alice"); got != newID {
		t.Fatalf("stored key %s, want %s", got, newID)
	}
	if strings.Contains(out, fakeaws.SecretMarker) {
		t.Fatal("rotate printed a secret")
	}
	for _, action := range []string{"GetUser", "ListAccessKeys", "CreateAccessKey", "DeleteAccessKey"} {
		if len(c.fake.CallsFor(action)) == 0 {
			t.Errorf("no %s call", action)
		}
	}
}

func TestRotateFailsBetweenCreateAndDelete(t *testing.T) {
	t.Parallel()
	c := newRotateCLI(t)
	c.fake.Fail("DeleteAccessKey", "AccessDenied",
		"User: arn:aws:iam::111111111111:user/alice is not authorized to perform: iam:DeleteAccessKey", http.StatusForbidden)

	r := c.run("", "rotate", "alice", "--no-session")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1", r.code)
	}
	if !strings.Contains(r.out, "using master credentials") || !strings.Contains(r.out, "Created new access key") ||
		strings.Contains(r.out, "Finished") {
		t.Fatalf("stdout %q", r.out)
	}
	lines := strings.Split(strings.TrimSpace(r.err), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "delete old access key ****************0001") ||
		!strings.Contains(lines[0], "aws iam delete-access-key --user-name alice --access-key-id "+aliceKeyID) {
		t.Fatalf("stderr %q, want one line with the failure and how to delete the old key", r.err)
	}
	// Both keys work; the new one is stored.
	ids := keyIDs(c.fake, "alice")
	if len(ids) != 2 {
		t.Fatalf("iam keys %v", ids)
	}
	stored := c.storedKeyID("alice")
	if stored == aliceKeyID || !strings.Contains(strings.Join(ids, " "), stored) {
		t.Fatalf("stored %s, iam has %v", stored, ids)
	}
	c.ok("env", "alice") // GetSessionToken with the new key
}

func TestRotateUsage(t *testing.T) {
	t.Parallel()
	c := newRotateCLI(t)
	if r := c.run("", "rotate"); r.code != 2 || !strings.Contains(r.err, "rotate needs exactly one PROFILE argument") {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if r := c.run("", "rotate", "nobody"); r.code != 1 || len(c.fake.Calls()) != 0 {
		t.Fatalf("exit %d after %d aws calls: %s", r.code, len(c.fake.Calls()), r.err)
	}
}
