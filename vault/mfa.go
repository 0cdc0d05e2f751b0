package vault

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// maxMFAAttempts is how many typed codes STS may reject before the request fails.
const maxMFAAttempts = 3

// withMFA runs call with a one-time code for serial. A code the user typed that STS rejects
// is asked for again, up to maxMFAAttempts in all, with the reason; a code from --mfa-token
// or mfa_process is not retried, as it would only be rejected again.
func (v *Vault) withMFA(ctx context.Context, p *Profile, serial string, call func(code string) error) error {
	retry := ""
	for attempt := 1; ; attempt++ {
		code, typed, err := v.mfaCode(ctx, p, serial, retry)
		if err != nil {
			return err
		}
		err = call(code)
		if !typed || attempt == maxMFAAttempts || !errors.Is(err, ErrMFARejected) {
			return err
		}
		retry = "AWS rejected that code. Wait for the next one and enter it."
	}
}

// callMFA runs call once, with a code for serial set by setCode when serial is not empty.
func (v *Vault) callMFA(ctx context.Context, p *Profile, serial string, setCode func(code string), call func() error) error {
	if serial == "" {
		return call()
	}
	return v.withMFA(ctx, p, serial, func(code string) error {
		setCode(code)
		return call()
	})
}

// mfaCode gets a one-time code for serial from, in order: --mfa-token, mfa_process, the prompt
// (typed reports that one). The code is checked for shape here so a mistyped answer never
// reaches STS.
func (v *Vault) mfaCode(ctx context.Context, p *Profile, serial, retry string) (code string, typed bool, err error) {
	code, typed, err = v.mfaAnswer(ctx, p, serial, retry)
	if err != nil {
		return "", false, err
	}
	code = strings.TrimSpace(code)
	if !isOTP(code) {
		return "", false, WithHint(fmt.Errorf("mfa code for %s must be 6 digits", serial),
			"enter the current code shown by the device")
	}
	return code, typed, nil
}

func (v *Vault) mfaAnswer(ctx context.Context, p *Profile, serial, retry string) (string, bool, error) {
	if p.MFAToken != "" {
		v.debug.Printf("mfa: profile %s uses the code given with --mfa-token for %s", p.Name, serial)
		return p.MFAToken, false, nil
	}
	if p.MFAProcess != "" {
		v.debug.Printf("mfa: profile %s runs its mfa_process for a code for %s", p.Name, serial)
		out, err := v.run(ctx, p.MFAProcess)
		if err != nil {
			return "", false, fmt.Errorf("mfa_process of profile %s: %w", p.Name, err)
		}
		return string(out), false, nil
	}
	if v.prompt == nil {
		return "", false, WithHint(fmt.Errorf("profile %s needs an mfa code for %s", p.Name, serial),
			"pass --mfa-token=CODE or set mfa_process in the profile")
	}
	v.debug.Printf("mfa: profile %s asks for a code for %s (retry: %t)", p.Name, serial, retry != "")
	code, err := v.prompt(ctx, MFARequest{Profile: p.Name, Serial: serial, Retry: retry})
	if err != nil {
		return "", false, fmt.Errorf("mfa code for profile %s: %w", p.Name, err)
	}
	return code, true, nil
}

// isOTP accepts the 6-digit codes virtual and hardware MFA devices show.
func isOTP(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
