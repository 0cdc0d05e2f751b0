package vault_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/vault"
)

// The menu's "Cancel sign-in" stops the sign-in by its start URL, not one caller's context:
// its waiter gets context.Canceled, polling stops, and the next request starts a new sign-in.
func TestCancelSSOSignIn(t *testing.T) {
	t.Parallel()
	r := newSSORig(t)
	shown := make(chan vault.SSOSignIn, 4)
	r.browser = func(s vault.SSOSignIn) { shown <- s } // the user does nothing
	r.onWait = func(ctx context.Context, _ int) error {
		select { // polls wait until cancelled, as a user who never approves would make them
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(30 * time.Second):
			return nil
		}
	}
	errs := make(chan error, 1)
	go func() { _, err := r.creds(context.Background(), "sso-dev"); errs <- err }()
	s := <-shown // from inside the sign-in, so it is running
	if !r.v.CancelSSOSignIn(s.StartURL) {
		t.Fatal("no sign-in to cancel")
	}
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Errorf("the waiter got %v, want context.Canceled", err)
	}
	if r.v.CancelSSOSignIn(s.StartURL) {
		t.Error("a second cancel found a sign-in still running")
	}
	r.browser = func(s vault.SSOSignIn) { must(t, r.fake.SSO.Approve(s.UserCode)) }
	r.onWait = nil
	r.mustCreds("sso-dev")
	if n := r.signInCount(); n != 2 {
		t.Errorf("%d sign-ins, want 2 (the cancelled one and a new one)", n)
	}
}
