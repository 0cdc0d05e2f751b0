package vault

import (
	"context"
	"fmt"
	"strings"
)

// mfaCode gets a one-time code for serial from, in order: --mfa-token, mfa_process, the prompt.
// The code is checked for shape here so a mistyped answer never reaches STS.
func (v *Vault) mfaCode(ctx context.Context, p *Profile, serial string) (string, error) {
	code, err := v.mfaAnswer(ctx, p, serial)
	if err != nil {
		return "", err
	}
	code = strings.TrimSpace(code)
	if !isOTP(code) {
		return "", WithHint(fmt.Errorf("mfa code for %s must be 6 digits", serial),
			"enter the current code shown by the device")
	}
	return code, nil
}

func (v *Vault) mfaAnswer(ctx context.Context, p *Profile, serial string) (string, error) {
	if p.MFAToken != "" {
		return p.MFAToken, nil
	}
	if p.MFAProcess != "" {
		out, err := v.run(ctx, p.MFAProcess)
		if err != nil {
			return "", fmt.Errorf("mfa_process of profile %s: %w", p.Name, err)
		}
		return string(out), nil
	}
	if v.prompt == nil {
		return "", WithHint(fmt.Errorf("profile %s needs an mfa code for %s", p.Name, serial),
			"pass --mfa-token=CODE or set mfa_process in the profile")
	}
	code, err := v.prompt(ctx, MFARequest{Profile: p.Name, Serial: serial})
	if err != nil {
		return "", fmt.Errorf("mfa code for profile %s: %w", p.Name, err)
	}
	return code, nil
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
