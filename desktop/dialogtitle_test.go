package desktop

import (
	"context"
	"runtime"
	"slices"
	"testing"

	"github.com/vaultbar/vaultbar/vault"
)

// The MFA dialog says in its title which action it serves, the one the app labelled the
// context with far above the vault; without a label it is plain Vaultbar.
func TestMFADialogTitleNamesTheAction(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_CTYPE", "")
	t.Setenv("LANG", "C.UTF-8")
	req := vault.MFARequest{Profile: "alice", Serial: "arn:aws:iam::111111111111:mfa/alice"}
	u := &fakeUI{answers: []string{"12", "123456"}}
	ctx := vault.WithPromptAction(context.Background(), "Copy env for alice")
	if _, err := promptMFA(ctx, u, req); err != nil {
		t.Fatal(err)
	}
	want := []string{"Copy env for alice — MFA code", "Copy env for alice — MFA code"}
	if !slices.Equal(u.titles, want) {
		t.Errorf("titles %q, want %q", u.titles, want)
	}
	u = &fakeUI{answers: []string{"123456"}}
	if _, err := promptMFA(context.Background(), u, req); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(u.titles, []string{Title}) {
		t.Errorf("unlabelled titles %q, want %q", u.titles, Title)
	}
}

// Without a UTF-8 locale zenity refuses a title that is not ASCII: the title then has a hyphen.
func TestDialogTitleInCLocale(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("no locale decides there")
	}
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_CTYPE", "")
	t.Setenv("LANG", "")
	ctx := vault.WithPromptAction(context.Background(), "Copy env for alice")
	if got := dialogTitle(ctx, "MFA code"); got != "Copy env for alice - MFA code" {
		t.Errorf("title in the C locale %q, want ASCII", got)
	}
}

// The passphrase dialog says what it is for: the keyring, and the profile whose item it opens.
func TestPassphraseDialogTitleNamesItsPurpose(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_CTYPE", "")
	t.Setenv("LANG", "C.UTF-8")
	u := &fakeUI{answers: []string{"pass"}}
	if _, err := askPassphrase(u, vault.PassphraseRequest{Prompt: "Enter passphrase: ", For: "alice"}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"Vaultbar — keyring passphrase for alice"}; !slices.Equal(u.titles, want) {
		t.Errorf("titles %q, want %q", u.titles, want)
	}
	if got := passphraseTitle(""); got != "Vaultbar — keyring passphrase" {
		t.Errorf("title for no item %q", got)
	}
	if runtime.GOOS != "darwin" && runtime.GOOS != "windows" {
		t.Setenv("LANG", "")
		if got := passphraseTitle("alice"); got != "Vaultbar - keyring passphrase for alice" {
			t.Errorf("title in the C locale %q, want ASCII", got)
		}
	}
}
