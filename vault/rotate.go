package vault

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Rotation waits: IAM takes seconds to make a new key known everywhere (aws-vault says
// "takes 10-20 seconds" and retries its delete for 20 s every 2 s).
const (
	DefaultRotateWait = 30 * time.Second
	DefaultRotatePoll = 2 * time.Second
)

// RotateOptions change one rotation.
type RotateOptions struct {
	// NoSession signs the IAM calls with the stored keys themselves (--no-session).
	NoSession bool
	// Say is told each step in aws-vault's words; nil: nothing is said.
	Say func(line string)
	// Wait bounds how long the new key may take to work, and then the old key's deletion;
	// Poll is how often either is tried. Zero: DefaultRotateWait, DefaultRotatePoll.
	Wait, Poll time.Duration
}

// Rotation is what a finished rotation did.
type Rotation struct {
	Profile  string // the profile that stores the keys
	User     string
	OldKeyID string
	NewKeyID string
}

// ErrKeyNotDeleted: the new key is stored and works, but the old one could not be deleted
// and still works too.
var ErrKeyNotDeleted = errors.New("the old access key was not deleted")

// keyNotDeleted is the deletion's own error, which already says so, as ErrKeyNotDeleted.
type keyNotDeleted struct{ error }

func (e keyNotDeleted) Unwrap() error        { return e.error }
func (e keyNotDeleted) Is(target error) bool { return target == ErrKeyNotDeleted }

// Rotate replaces the long-term access key p uses (its own, or its source profile's) as
// aws-vault's rotate does: create a key, store it, delete the old one, remove the sessions
// of the old key. Unlike aws-vault it waits until STS accepts the new key before relying on
// it, and it never leaves the keyring without a working key: a new key that cannot be stored
// or never starts working is deleted again and the old key stays (or is put back).
func (v *Vault) Rotate(ctx context.Context, p *Profile, o RotateOptions) (Rotation, error) {
	o.Wait, o.Poll = cmp.Or(o.Wait, DefaultRotateWait), cmp.Or(o.Poll, DefaultRotatePoll)
	say := func(format string, args ...any) {
		if o.Say != nil {
			o.Say(fmt.Sprintf(format, args...))
		}
	}
	owner, err := v.keysOwner(p)
	if err != nil {
		return Rotation{}, err
	}
	old, err := v.store.Credentials(owner.Name)
	if err != nil {
		return Rotation{}, err
	}
	session := !o.NoSession && needsSessionForIAM(p)
	if session {
		say("Rotating credentials stored for profile '%s' using a session from profile '%s' (takes 10-20 seconds)", owner.Name, p.Name)
	} else {
		say("Rotating credentials stored for profile '%s' using master credentials (takes 10-20 seconds)", owner.Name)
	}
	signer := old
	if session {
		if signer, err = v.Credentials(ctx, p, CredentialOptions{}); err != nil {
			return Rotation{}, err
		}
	}
	r := rotation{v: v, p: owner, client: v.iamClient(p, signer), o: o}
	if r.user, _, err = iamUser(ctx, v.iamClient(p, old)); err != nil {
		return Rotation{}, iamError("find the iam user of profile "+owner.Name, owner, err)
	}
	if err := r.checkRoom(ctx, old.AccessKeyID); err != nil {
		return Rotation{}, err
	}
	say("Creating a new access key")
	created, err := r.client.CreateAccessKey(ctx, r.user)
	if err != nil {
		return Rotation{}, iamError("create a new access key", owner, err)
	}
	fresh := aws.Credentials{AccessKeyID: created.AccessKeyID, SecretAccessKey: created.SecretAccessKey}
	say("Created new access key %s", DisplayKey(fresh.AccessKeyID))
	if err := v.store.SetCredentials(owner.Name, fresh); err != nil {
		return Rotation{}, r.undo(ctx, fmt.Errorf("store the new access key: %w", err), fresh.AccessKeyID, old.AccessKeyID)
	}
	if err := r.untilAccepted(ctx, fresh); err != nil {
		if err := v.store.SetCredentials(owner.Name, old); err != nil {
			return Rotation{}, WithHint(fmt.Errorf("put the old access key back: %w", err),
				"the new key %s is stored but does not work yet; try the profile again in a minute", fresh.AccessKeyID)
		}
		return Rotation{}, r.undo(ctx, err, fresh.AccessKeyID, old.AccessKeyID)
	}
	for q := p; q != nil; q = q.Source {
		if n, _ := v.store.RemoveSessions(q.Name); n > 0 {
			say("Deleted %d sessions for %s", n, q.Name)
		}
	}
	say("Deleting old access key %s", DisplayKey(old.AccessKeyID))
	if err := r.deleteOld(ctx, old.AccessKeyID); err != nil {
		return Rotation{}, WithHint(keyNotDeleted{err},
			"the new key %s is stored and works; delete the old one in the IAM console or with "+
				"`aws iam delete-access-key --user-name %s --access-key-id %s`", fresh.AccessKeyID, r.user, old.AccessKeyID)
	}
	say("Deleted old access key %s", DisplayKey(old.AccessKeyID))
	say("Finished rotating access key")
	return Rotation{Profile: owner.Name, User: r.user, OldKeyID: old.AccessKeyID, NewKeyID: fresh.AccessKeyID}, nil
}

// needsSessionForIAM says whether p's IAM calls go through p's provider chain. aws-vault
// always uses the chain (without --no-session); but AWS refuses every IAM call signed with a
// GetSessionToken session opened without MFA, so aws-vault's rotate fails for a profile
// with keys and no mfa_serial. Here the chain is used where it brings something IAM honours:
// a role, or an MFA session (for policies that require MFA); otherwise the keys sign.
func needsSessionForIAM(p *Profile) bool {
	return p.HasRole() || p.MFASerial != ""
}

// rotation is one Rotate in progress: the IAM client signing with the session (or keys)
// of the old key, and the user whose key it is.
type rotation struct {
	v      *Vault
	p      *Profile
	client *iamClient
	user   string
	o      RotateOptions
}

// checkRoom fails before anything changes when the key is not the user's, or the user
// already has IAM's maximum of two keys (CreateAccessKey would fail with LimitExceeded).
func (r *rotation) checkRoom(ctx context.Context, oldID string) error {
	keys, err := listKeys(ctx, r.client, r.user)
	if err != nil {
		return iamError("list the access keys of iam user "+r.user, r.p, err)
	}
	if _, ok := keys[oldID]; !ok {
		return WithHint(fmt.Errorf("access key %s of profile %s is not one of iam user %s's keys", DisplayKey(oldID), r.p.Name, r.user),
			"check the keys stored for profile %s (`vaultbar add %s` replaces them)", r.p.Name, r.p.Name)
	}
	if len(keys) >= 2 {
		var other string
		for id := range keys {
			if id != oldID {
				other = id
			}
		}
		return WithHint(fmt.Errorf("iam user %s already has two access keys, the most iam allows", r.user),
			"delete the unused key %s (`aws iam delete-access-key --user-name %s --access-key-id %s`) and rotate again", other, r.user, other)
	}
	return nil
}

// untilAccepted polls STS with the new key until it works or the wait is over.
func (r *rotation) untilAccepted(ctx context.Context, fresh aws.Credentials) error {
	client := r.v.stsClient(r.p, staticCreds(fresh))
	return r.retry(ctx, func() error {
		_, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		return err
	}, func(err error) error {
		return WithHint(fmt.Errorf("the new access key did not start working within %s: %w", r.o.Wait, stsError("check the new key", r.p, err)),
			"iam is slow to make new keys known at times; rotate again later")
	})
}

func (r *rotation) deleteOld(ctx context.Context, oldID string) error {
	return r.retry(ctx, func() error {
		err := r.client.DeleteAccessKey(ctx, r.user, oldID)
		if isAPIError(err, "AccessDenied") {
			return final{err} // a policy does not change in 30 s
		}
		return err
	}, func(err error) error { return iamError("delete old access key "+DisplayKey(oldID), r.p, err) })
}

// retry calls f every Poll until it succeeds or Wait is over, then explains its last error.
// The bound is a number of tries (Wait/Poll + 1), not a clock reading, so a test's instant
// Wait and fixed clock still end.
func (r *rotation) retry(ctx context.Context, f func() error, explain func(error) error) error {
	tries := int(r.o.Wait/r.o.Poll) + 1
	var err error
	for i := range tries {
		if i > 0 {
			if werr := r.v.wait(ctx, r.o.Poll); werr != nil {
				break
			}
		}
		if err = f(); err == nil {
			return nil
		}
		var stop final
		if errors.As(err, &stop) {
			return explain(stop.error)
		}
	}
	return explain(err)
}

// final is an error f gives retry to say that trying again is pointless.
type final struct{ error }

// undo deletes a new key that will not be used, after cause; the old key is stored and works.
func (r *rotation) undo(ctx context.Context, cause error, newID, oldID string) error {
	err := r.client.DeleteAccessKey(ctx, r.user, newID)
	if err != nil {
		return WithHint(fmt.Errorf("%w; then %w", cause, iamError("deleting the new key failed too", r.p, err)),
			"profile %s still uses its old key %s, which works; delete the unused new key %s in the IAM console",
			r.p.Name, DisplayKey(oldID), newID)
	}
	return WithHint(fmt.Errorf("%w; the new access key was deleted again", cause),
		"profile %s still uses its old key %s, which works", r.p.Name, DisplayKey(oldID))
}
