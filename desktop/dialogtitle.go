package desktop

import (
	"cmp"
	"context"
	"os"
	"runtime"
	"strings"

	"github.com/vaultbar/vaultbar/vault"
)

// dialogTitle is a dialog's window title: the action it serves and what it asks for ("Copy
// env for alice — MFA code"), from the label the app put on ctx; Title when there is none.
func dialogTitle(ctx context.Context, asks string) string {
	action := vault.PromptAction(ctx)
	switch {
	case action == "":
		return Title
	case asks == "":
		return action
	}
	return action + titleDash() + asks
}

// passphraseTitle is the file keyring passphrase dialog's title: "Vaultbar — keyring
// passphrase for alice". The keyring asks without a context, so the action's label
// (vault.WithPromptAction) cannot reach it; the item it opens names the profile instead.
func passphraseTitle(forWhat string) string {
	asks := "keyring passphrase"
	if forWhat != "" {
		asks += " for " + forWhat
	}
	return Title + titleDash() + asks
}

// titleDash separates the action from what a dialog asks: an em dash, or a hyphen where
// zenity runs in a locale that is not UTF-8 (a session started without LANG): GTK then
// refuses a non-ASCII argument ("This option is not available") and no dialog opens.
func titleDash() string {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return " — "
	}
	locale := cmp.Or(os.Getenv("LC_ALL"), os.Getenv("LC_CTYPE"), os.Getenv("LANG"))
	if l := strings.ToLower(locale); strings.Contains(l, "utf-8") || strings.Contains(l, "utf8") {
		return " — "
	}
	return " - "
}

// titleOr is e's title, Title when it has none.
func (e entry) titleOr() string { return cmp.Or(e.Title, Title) }
