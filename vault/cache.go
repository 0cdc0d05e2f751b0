package vault

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// cachedProvider is the one caching decorator: it serves a session from the keyring while it
// has more than the minimum TTL left, and otherwise refreshes it through inner, once per key
// for the whole process however many callers ask at the same time.
type cachedProvider struct {
	v     *Vault
	key   SessionKey
	inner aws.CredentialsProvider
	// minTTL is CredentialOptions.MinTTL: a reused session needs more than this and the
	// vault's minimum left.
	minTTL time.Duration
}

func (c *cachedProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	if creds, ok, err := c.lookup(); ok || err != nil {
		return creds, err
	}
	// The refresh outlives any one caller while others wait on it; when the last one gives
	// up (a cancel in the menu) it ends too, closing its MFA dialog.
	v, err := c.v.flights.Do(ctx, c.flightKey(), func(ctx context.Context) (any, error) { return c.refresh(ctx) })
	if err != nil {
		return aws.Credentials{}, err
	}
	return v.(aws.Credentials), nil
}

// refresh holds the session's cross-process lock while it fetches and stores, and re-reads
// the keyring once it has the lock: another process (or an earlier flight, or the aws-vault
// CLI) may have stored a fresh session meanwhile, and a re-read is cheaper than an STS call
// and an MFA prompt. So N processes asking at once make one call and one prompt.
//
// A process that had to wait lets go of the lock at once and re-reads without it, so the
// waiters' re-reads (each several keyring round trips) run side by side rather than one
// after another; only if the session is still missing (the holder failed) does it take the
// lock again to refresh itself.
func (c *cachedProvider) refresh(ctx context.Context) (aws.Credentials, error) {
	unlock, creds, ok, err := c.lockOrReread(ctx)
	if ok || err != nil {
		return creds, err
	}
	defer unlock()
	if creds, ok, err := c.lookup(); ok || err != nil {
		return creds, err
	}
	creds, err = c.inner.Retrieve(ctx)
	if err != nil {
		return aws.Credentials{}, err
	}
	c.v.debug.Printf("sts: generated %s credentials %s for %s, expire in %s", c.key.Type, MaskKeyID(creds.AccessKeyID),
		c.key.Profile, creds.Expires.Sub(c.v.now()).Round(time.Second))
	if err := c.v.checkFresh(c.key.Profile, creds); err != nil {
		return aws.Credentials{}, err
	}
	sess := types.Credentials{
		AccessKeyId:     aws.String(creds.AccessKeyID),
		SecretAccessKey: aws.String(creds.SecretAccessKey),
		SessionToken:    aws.String(creds.SessionToken),
		Expiration:      aws.Time(creds.Expires.UTC()),
	}
	if err := c.v.store.SetSession(c.key.Type, c.key.Profile, c.key.MFASerial, sess); err != nil {
		return aws.Credentials{}, fmt.Errorf("cache %s session: %w", c.key.Type, err)
	}
	return creds, nil
}

// lockOrReread takes the session's lock without having waited for it, or returns the
// session that the process it waited for stored (ok).
func (c *cachedProvider) lockOrReread(ctx context.Context) (unlock func(), creds aws.Credentials, ok bool, err error) {
	for {
		unlock, waited, err := c.v.lockSession(ctx, c.key)
		if err != nil {
			return nil, aws.Credentials{}, false, fmt.Errorf("refresh %s session: %w", c.key.Type, err)
		}
		if !waited {
			return unlock, aws.Credentials{}, false, nil
		}
		unlock()
		if creds, ok, err := c.lookup(); ok || err != nil {
			return nil, creds, ok, err
		}
	}
}

// lookup returns a cached session with enough life left. A missing or stale one is not an
// error; a keyring failure is, so that a locked keyring never turns into an MFA prompt.
func (c *cachedProvider) lookup() (aws.Credentials, bool, error) {
	sess, err := c.v.store.Session(c.key.Type, c.key.Profile, c.key.MFASerial)
	if errors.Is(err, ErrNotCached) {
		c.v.debug.Printf("cache: miss: no %s session of %s in the keyring", c.key.Type, c.key.Profile)
		return aws.Credentials{}, false, nil
	}
	if err != nil {
		return aws.Credentials{}, false, fmt.Errorf("read cached %s session: %w", c.key.Type, err)
	}
	exp := aws.ToTime(sess.Expiration)
	left := exp.Sub(c.v.now())
	if minTTL := max(c.v.minTTL, c.minTTL); left <= minTTL {
		c.v.debug.Printf("cache: miss: the %s session of %s expires in %s, not more than the minimum %s", c.key.Type, c.key.Profile, left.Round(time.Second), minTTL)
		return aws.Credentials{}, false, nil
	}
	c.v.debug.Printf("cache: hit: reusing %s session %s of %s, expires in %s", c.key.Type, MaskKeyID(aws.ToString(sess.AccessKeyId)), c.key.Profile, left.Round(time.Second))
	return aws.Credentials{
		AccessKeyID:     aws.ToString(sess.AccessKeyId),
		SecretAccessKey: aws.ToString(sess.SecretAccessKey),
		SessionToken:    aws.ToString(sess.SessionToken),
		Source:          "cached " + c.key.Type,
		CanExpire:       true,
		Expires:         exp,
	}, true, nil
}

func (c *cachedProvider) flightKey() string {
	return c.key.Type + "\x00" + c.key.Profile + "\x00" + c.key.MFASerial
}
