package vault_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/99designs/keyring"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/vault"
)

// rotateRig is the chain rig with IAM, instant waits, and a keyring whose writes of a given
// access key can be made to fail.
type rotateRig struct {
	*rig
	failSet func(data string) bool
	said    []string
}

func newRotateRig(t *testing.T) *rotateRig {
	t.Helper()
	r := &rotateRig{rig: newRig(t)}
	r.store = vault.NewStore(&failingSetKeyring{Keyring: r.kr, fail: func(data string) bool {
		return r.failSet != nil && r.failSet(data)
	}}, time.Now)
	r.v = vault.New(r.store, vault.Options{
		Env: vault.Env{"AWS_ENDPOINT_URL_STS": r.fake.URL, "AWS_ENDPOINT_URL_IAM": r.fake.IAMURL},
		Prompt: func(ctx context.Context, req vault.MFARequest) (string, error) {
			r.prompts.Add(1)
			return r.answer()
		},
		Wait: func(ctx context.Context, d time.Duration) error { return ctx.Err() },
	})
	return r
}

type failingSetKeyring struct {
	keyring.Keyring
	fail func(data string) bool
}

func (k *failingSetKeyring) Set(i keyring.Item) error {
	if k.fail(string(i.Data)) {
		return errors.New("keyring is locked")
	}
	return k.Keyring.Set(i)
}

func (r *rotateRig) rotate(name string, o vault.RotateOptions) (vault.Rotation, error) {
	o.Say = func(line string) { r.said = append(r.said, line) }
	return r.v.Rotate(context.Background(), r.profile(name, vault.Overrides{}), o)
}

// stored is the access key id the keyring holds for profile.
func (r *rotateRig) stored(profile string) string {
	r.t.Helper()
	c, err := r.store.Credentials(profile)
	must(r.t, err)
	return c.AccessKeyID
}

// keyIDs is what IAM lists for user.
func (r *rotateRig) keyIDs(user string) []string {
	var out []string
	for _, k := range r.fake.IAM.Keys(user) {
		out = append(out, k.ID)
	}
	return out
}

// works says whether the keys stored for profile are accepted by STS.
func (r *rotateRig) works(profile string) bool {
	c, err := r.store.Credentials(profile)
	must(r.t, err)
	// GetCallerIdentity and GetFederationToken, both signed with the keys themselves.
	_, err = r.v.FederationToken(context.Background(), r.profile(profile, vault.Overrides{}), c)
	return err == nil
}

func TestRotateMFAProfileUsesAnMFASession(t *testing.T) {
	t.Parallel()
	r := newRotateRig(t)
	r.fake.IAM.RequireMFA("alice")
	r.fake.IAM.SetPropagation(3) // the new key fails its first three uses
	_, err := r.creds("admin", vault.CredentialOptions{})
	must(t, err)
	if len(r.sessionKeys()) == 0 {
		t.Fatal("no session cached to be removed")
	}

	got, err := r.rotate("admin", vault.RotateOptions{})
	must(t, err)
	if got.User != "alice" || got.OldKeyID != aliceKeyID || got.Profile != "alice" {
		t.Fatalf("rotation = %+v", got)
	}
	if r.stored("alice") != got.NewKeyID || !slices.Equal(r.keyIDs("alice"), []string{got.NewKeyID}) {
		t.Fatalf("stored %s, iam has %v, want only the new key %s", r.stored("alice"), r.keyIDs("alice"), got.NewKeyID)
	}
	if !r.works("alice") {
		t.Fatal("the stored new key does not work")
	}
	if keys := r.sessionKeys(); len(keys) != 0 {
		t.Fatalf("sessions of the old key survived: %v", keys)
	}
	for _, c := range r.fake.CallsFor("CreateAccessKey") {
		if c.SessionToken == "" || c.Params.Get("UserName") != "alice" {
			t.Fatalf("CreateAccessKey signed by %s for %q, want the MFA role session naming alice", c.AccessKeyID, c.Params.Get("UserName"))
		}
	}
	want := []string{
		"Rotating credentials stored for profile 'alice' using a session from profile 'admin' (takes 10-20 seconds)",
		"Creating a new access key",
		"Created new access key " + vault.DisplayKey(got.NewKeyID),
	}
	if !slices.Equal(r.said[:3], want) || r.said[len(r.said)-1] != "Finished rotating access key" {
		t.Fatalf("said %q", r.said)
	}
	if !slices.Contains(r.said, "Deleted old access key ****************0001") {
		t.Fatalf("said %q", r.said)
	}
}

func TestRotateProfileWithoutMFASignsWithTheKeys(t *testing.T) {
	t.Parallel()
	r := newRotateRig(t)
	got, err := r.rotate("bob", vault.RotateOptions{})
	must(t, err)
	for _, c := range r.fake.CallsFor("CreateAccessKey") {
		if c.AccessKeyID != bobKeyID || c.SessionToken != "" {
			t.Fatalf("CreateAccessKey signed by %s, want bob's key (IAM refuses sessions without MFA)", c.AccessKeyID)
		}
	}
	if r.prompts.Load() != 0 || r.stored("bob") != got.NewKeyID || !r.works("bob") {
		t.Fatalf("prompts %d, stored %s, new %s", r.prompts.Load(), r.stored("bob"), got.NewKeyID)
	}
}

func TestRotateNoSessionNeedsNoCode(t *testing.T) {
	t.Parallel()
	r := newRotateRig(t)
	got, err := r.rotate("admin", vault.RotateOptions{NoSession: true})
	must(t, err)
	if r.prompts.Load() != 0 || r.stored("alice") != got.NewKeyID {
		t.Fatalf("prompts %d, stored %s", r.prompts.Load(), r.stored("alice"))
	}
	if r.said[0] != "Rotating credentials stored for profile 'alice' using master credentials (takes 10-20 seconds)" {
		t.Fatalf("said %q", r.said[0])
	}
}

// Every failure before the old key is deleted leaves the old key stored, working and alone in IAM.
func TestRotateFailureKeepsTheOldKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		arrange func(r *rotateRig)
		want    string // in the error or its hint
		creates int
	}{
		{"create refused", func(r *rotateRig) {
			r.fake.Fail("CreateAccessKey", "AccessDenied", "User: arn:aws:iam::111111111111:user/bob is not authorized to perform: iam:CreateAccessKey", http.StatusForbidden)
		}, "iam:CreateAccessKey", 1},
		{"storing fails", func(r *rotateRig) {
			r.failSet = func(data string) bool { return !strings.Contains(data, bobKeyID) }
		}, "the new access key was deleted again", 1},
		{"storing and undoing fail", func(r *rotateRig) {
			r.failSet = func(data string) bool { return !strings.Contains(data, bobKeyID) }
			r.fake.Fail("DeleteAccessKey", "AccessDenied", "not today", http.StatusForbidden)
		}, "delete the unused new key AKIA", 1},
		{"new key never works", func(r *rotateRig) { r.fake.IAM.SetPropagation(1000) }, "did not start working", 1},
		{"two keys already", func(r *rotateRig) { r.fake.AddUser("AKIABOB0000000000002", "other-secret", "bob") }, "delete the unused key AKIABOB0000000000002", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRotateRig(t)
			tc.arrange(r)
			before := r.keyIDs("bob")
			_, err := r.rotate("bob", vault.RotateOptions{})
			if err == nil {
				t.Fatal("rotation succeeded")
			}
			if text := err.Error() + " / " + vault.Hint(err); !strings.Contains(text, tc.want) {
				t.Fatalf("error %q, want it to say %q", text, tc.want)
			}
			if strings.Contains(err.Error()+vault.Hint(err), fakeaws.SecretMarker) {
				t.Fatalf("a secret in the error: %v", err)
			}
			if r.stored("bob") != bobKeyID || !r.works("bob") {
				t.Fatalf("stored %s; the old key must stay stored and working", r.stored("bob"))
			}
			// A new key that could not be deleted again must be named in the hint.
			after := slices.DeleteFunc(r.keyIDs("bob"), func(id string) bool {
				return !slices.Contains(before, id) && strings.Contains(vault.Hint(err), id)
			})
			if !slices.Equal(after, before) {
				t.Fatalf("iam keys %v, want %v", r.keyIDs("bob"), before)
			}
			if n := len(r.fake.CallsFor("CreateAccessKey")); n != tc.creates {
				t.Fatalf("%d CreateAccessKey calls, want %d", n, tc.creates)
			}
		})
	}
}

func TestRotateOldKeyNotDeletedKeepsTheNewOne(t *testing.T) {
	t.Parallel()
	r := newRotateRig(t)
	r.fake.Fail("DeleteAccessKey", "ServiceFailure", "try later", http.StatusInternalServerError)
	_, err := r.rotate("bob", vault.RotateOptions{Wait: 4 * time.Second, Poll: 2 * time.Second})
	if !errors.Is(err, vault.ErrKeyNotDeleted) {
		t.Fatalf("err = %v, want ErrKeyNotDeleted", err)
	}
	newID := r.stored("bob")
	if newID == bobKeyID || !r.works("bob") {
		t.Fatal("the new key is not stored or does not work")
	}
	if hint := vault.Hint(err); !strings.Contains(hint, "aws iam delete-access-key --user-name bob --access-key-id "+bobKeyID) {
		t.Fatalf("hint %q does not say how to delete the old key", hint)
	}
	if n := len(r.fake.CallsFor("DeleteAccessKey")); n < 3 {
		t.Fatalf("the delete was tried %d times, want it retried for the whole wait", n)
	}
}

func TestRotateNeedsStoredKeys(t *testing.T) {
	t.Parallel()
	r := newRotateRig(t)
	must(t, r.store.RemoveCredentials("bob"))
	_, err := r.rotate("reader", vault.RotateOptions{})
	if !errors.Is(err, vault.ErrNoCredentials) || len(r.fake.Calls()) != 0 {
		t.Fatalf("err = %v after %d calls", err, len(r.fake.Calls()))
	}
}

func TestAccessKeyInfo(t *testing.T) {
	t.Parallel()
	r := newRotateRig(t)
	created := time.Now().Add(-100 * 24 * time.Hour).UTC().Truncate(time.Second)
	r.fake.IAM.SetKeyCreated(bobKeyID, created)
	info, err := r.v.AccessKeyInfo(context.Background(), r.profile("reader", vault.Overrides{}))
	must(t, err)
	if info != (vault.AccessKeyInfo{Profile: "bob", User: "bob", Account: fakeaws.Account, KeyID: bobKeyID, Created: created}) {
		t.Fatalf("info = %+v", info)
	}
	// A user whose policy lists keys only with MFA: the user is known, the age is not, and
	// nobody is asked for a code.
	r.fake.IAM.RequireMFA("alice")
	info, err = r.v.AccessKeyInfo(context.Background(), r.profile("admin", vault.Overrides{}))
	must(t, err)
	if info.User != "alice" || !info.Created.IsZero() || r.prompts.Load() != 0 {
		t.Fatalf("info = %+v, prompts %d", info, r.prompts.Load())
	}
}
