package desktop

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

// fakeUI answers entries from a script and records what each dialog said.
type fakeUI struct {
	answers []string // "!cancel" cancels
	texts   []string
	titles  []string
	hidden  []bool
}

func (f *fakeUI) entry(_ context.Context, e entry) (string, error) {
	f.texts = append(f.texts, e.Text)
	f.titles = append(f.titles, e.titleOr())
	f.hidden = append(f.hidden, e.Hidden)
	if len(f.answers) == 0 {
		return "", errors.New("fakeUI: no answer left")
	}
	a := f.answers[0]
	f.answers = f.answers[1:]
	if a == "!cancel" {
		return "", ErrCancelled
	}
	return a, nil
}

func TestChecks(t *testing.T) {
	for _, tc := range []struct {
		check func(string) string
		good  []string
		bad   []string
	}{
		{checkMFACode, []string{"123456", "000000"}, []string{"", "12345", "1234567", "12ab56", "12 456", "１２３４５６"}},
	} {
		for _, s := range tc.good {
			if why := tc.check(s); why != "" {
				t.Errorf("%q rejected: %s", s, why)
			}
		}
		for _, s := range tc.bad {
			why := tc.check(s)
			if why == "" {
				t.Errorf("%q accepted", s)
			}
			if s != "" && strings.Contains(why, s) {
				t.Errorf("the reason %q repeats the answer", why)
			}
		}
	}
}

func TestIsCancel(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{ErrCancelled, true},
		{fmt.Errorf("x: %w", ErrCancelled), true},
		{vault.ErrMFACancelled, true},
		{fmt.Errorf("mfa code for profile p: %w", vault.ErrMFACancelled), true},
		{ErrNoDisplay, false},
		{context.Canceled, false},
		{vault.WithHint(ErrInvalidInput, "x"), false},
	} {
		if got := IsCancel(tc.err); got != tc.want {
			t.Errorf("IsCancel(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

var req = vault.MFARequest{Profile: "dev", Serial: "arn:aws:iam::123456789012:mfa/alice"}

func TestPromptMFA(t *testing.T) {
	t.Run("first_answer", func(t *testing.T) {
		f := &fakeUI{answers: []string{" 123 456 "}}
		code, err := promptMFA(t.Context(), f, req)
		if err != nil || code != "123456" {
			t.Fatalf("got %q, %v", code, err)
		}
		want := "Enter the MFA code for profile dev (device arn:aws:iam::123456789012:mfa/alice)"
		if f.texts[0] != want || f.hidden[0] {
			t.Errorf("dialog said %q (hidden %v), want %q", f.texts[0], f.hidden[0], want)
		}
	})
	t.Run("reask", func(t *testing.T) {
		f := &fakeUI{answers: []string{"12ab", "654321"}}
		code, err := promptMFA(t.Context(), f, req)
		if err != nil || code != "654321" {
			t.Fatalf("got %q, %v", code, err)
		}
		if len(f.texts) != 2 || !strings.HasPrefix(f.texts[1], "The code must be 6 digits. Please try again.\n\n") ||
			!strings.Contains(f.texts[1], "profile dev") {
			t.Errorf("re-ask said %q", f.texts)
		}
	})
	t.Run("three_bad", func(t *testing.T) {
		f := &fakeUI{answers: []string{"1", "2", "3", "123456"}}
		_, err := promptMFA(t.Context(), f, req)
		if !errors.Is(err, ErrInvalidInput) || IsCancel(err) || vault.Hint(err) == "" {
			t.Fatalf("err = %v (hint %q)", err, vault.Hint(err))
		}
		if len(f.texts) != 3 {
			t.Errorf("asked %d times, want 3", len(f.texts))
		}
	})
	t.Run("cancel", func(t *testing.T) {
		f := &fakeUI{answers: []string{"12", "!cancel"}}
		_, err := promptMFA(t.Context(), f, req)
		if !errors.Is(err, vault.ErrMFACancelled) || !IsCancel(err) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("again", func(t *testing.T) {
		f := &fakeUI{answers: []string{"111111"}}
		if _, err := promptMFA(t.Context(), f, vault.MFARequest{Profile: req.Profile, Serial: req.Serial, Retry: "AWS rejected the code"}); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(f.texts[0], "AWS rejected the code\n\nEnter the MFA code") {
			t.Errorf("dialog said %q", f.texts[0])
		}
	})
	t.Run("error", func(t *testing.T) {
		f := &fakeUI{}
		_, err := promptMFA(t.Context(), f, req)
		if err == nil || IsCancel(err) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestNoDisplay(t *testing.T) {
	if err := canShow(); err != nil && !errors.Is(err, ErrNoDisplay) && !errors.Is(err, ErrNoDialogTool) {
		t.Fatal(err)
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("dialogs need no DISPLAY here: this would open one")
	}
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	if _, err := PromptMFA(t.Context(), req); !errors.Is(err, ErrNoDisplay) || IsCancel(err) {
		t.Errorf("PromptMFA without a display: %v", err)
	}
	if ok, err := Confirm(t.Context(), "Sure?"); ok || !errors.Is(err, ErrNoDisplay) {
		t.Errorf("Confirm without a display: %v, %v", ok, err)
	}
	if _, err := Passphrase(vault.PassphraseRequest{Prompt: "Passphrase?"}); !errors.Is(err, ErrNoDisplay) {
		t.Errorf("Passphrase without a display: %v", err)
	}
}
