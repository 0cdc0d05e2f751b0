package fakeaws

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
)

// AddAccount makes the portal list an account with the given roles (permission sets), in
// the order added, and lets GetRoleCredentials hand out credentials for them.
func (f *SSO) AddAccount(id, name, email string, roles ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !slices.ContainsFunc(f.accounts, func(a SSOAccount) bool { return a.ID == id }) {
		f.accounts = append(f.accounts, SSOAccount{id, name, email})
	}
	f.roles[id] = append(f.roles[id], roles...)
}

// SSODevice is a device authorization waiting for the user.
type SSODevice struct {
	UserCode, StartURL string
}

// Pending lists the device authorizations nobody approved or denied yet, oldest first.
func (f *SSO) Pending() []SSODevice {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []SSODevice
	for _, d := range f.devices {
		if !d.approved && !d.denied && f.now().Before(d.expires) {
			out = append(out, SSODevice{d.userCode, d.startURL})
		}
	}
	return out
}

// Approve signs the user in for userCode, as the user's browser does on the verification
// page: the next CreateToken poll for it gets a token.
func (f *SSO) Approve(userCode string) error { return f.decide(userCode, true) }

// Deny refuses userCode, as a user clicking "Deny" does: polls get access_denied.
func (f *SSO) Deny(userCode string) error { return f.decide(userCode, false) }

func (f *SSO) decide(userCode string, approve bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, d := range f.devices {
		if d.userCode == userCode && !d.used {
			d.approved, d.denied = approve, !approve
			return nil
		}
	}
	return fmt.Errorf("fakeaws sso: no device authorization with user code %q", userCode)
}

// ApproveNext waits for a StartDeviceAuthorization call past the first skip ones and
// approves it, as a user would who is quick in the browser.
func (f *SSO) ApproveNext(ctx context.Context, skip int) error {
	if err := f.WaitForCalls(ctx, "StartDeviceAuthorization", skip+1); err != nil {
		return err
	}
	for _, d := range f.Pending() {
		return f.Approve(d.UserCode)
	}
	return fmt.Errorf("fakeaws sso: no pending device authorization")
}

// SlowDown makes the next n device-code polls answer slow_down.
func (f *SSO) SlowDown(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.slowDown += n
}

// RevokeRefreshTokens spends every refresh token issued so far, as an administrator ending
// the user's sessions does: refresh-token grants with them get invalid_grant.
func (f *SSO) RevokeRefreshTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, t := range f.refresh {
		t.revoked = true
	}
}

// ExpireAccessTokens ends every access token issued so far: the portal answers 401 to them.
func (f *SSO) ExpireAccessTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, t := range f.tokens {
		t.expires = f.now()
	}
}

// SSOBreak mangles an operation's answers, as a proxy or captive portal in the way would.
type SSOBreak int

const (
	// SSOAnswerOK answers normally.
	SSOAnswerOK SSOBreak = iota
	// SSOGarbage answers 200 with a body that is not JSON.
	SSOGarbage
	// SSOHuge answers 200 with a valid JSON document of OversizeBytes.
	SSOHuge
)

// Break makes every answer to op ("" for every operation) arrive as b says, until Break(op, SSOAnswerOK).
func (f *SSO) Break(op string, b SSOBreak) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.breaks[op] = b
}

func (f *SSO) breakOf(op string) SSOBreak {
	f.mu.Lock()
	defer f.mu.Unlock()
	if b := f.breaks[op]; b != SSOAnswerOK {
		return b
	}
	return f.breaks[""]
}

func (b SSOBreak) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	switch b {
	case SSOGarbage:
		_, _ = w.Write([]byte("<html><body>Sign in to the hotel wifi</body></html>"))
	case SSOHuge:
		_, _ = w.Write([]byte(`{"padding":"`))
		_, _ = w.Write(bytes.Repeat([]byte("x"), OversizeBytes))
		_, _ = w.Write([]byte(`"}`))
	}
}
