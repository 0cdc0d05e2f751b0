package vault_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/vault"
)

// A refresh ends when its last caller gives up, and with it the MFA prompt it waits on: an
// action cancelled in the menu closes its dialog instead of leaving it open for nobody.
func TestRefreshEndsWithItsLastCaller(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	prompted := make(chan context.Context, 1)
	r.v = vault.New(r.store, vault.Options{
		Env: vault.Env{"AWS_ENDPOINT_URL_STS": r.fake.URL},
		Prompt: func(ctx context.Context, _ vault.MFARequest) (string, error) {
			prompted <- ctx
			<-ctx.Done()
			return "", ctx.Err()
		},
	})
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 1)
	go func() {
		_, err := r.v.Credentials(ctx, r.profile("alice", vault.Overrides{}), vault.CredentialOptions{})
		errs <- err
	}()
	promptCtx := <-prompted
	cancel()
	select {
	case <-promptCtx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the MFA prompt outlived the only caller waiting for it")
	}
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Errorf("the cancelled caller got %v", err)
	}
	if n := len(r.fake.STS.Calls()); n != 0 {
		t.Errorf("STS got %d calls after the cancel", n)
	}
}
