package tray

import (
	"context"
	"slices"
	"testing"
)

// itemTitled is the first item of m titled title.
func itemTitled(m Menu, title string) (Item, bool) {
	i := slices.IndexFunc(m.Items, func(it Item) bool { return it.Title == title })
	if i < 0 {
		return Item{}, false
	}
	return m.Items[i], true
}

// While a sign-in waits for the user the menu shows its code at the top and a way to cancel
// it; cancelling reaches the app with the start URL, and the line goes when the app says the
// sign-in ended.
func TestControllerSignInLine(t *testing.T) {
	t.Parallel()
	const url = "https://corp.awsapps.com/start"
	cancelled := make(chan string, 1)
	h := runController(t, Deps{
		Load: func(context.Context) (Snapshot, error) { return Snapshot{Profiles: named("sso-dev")}, nil },
		CancelSignIn: func(_ context.Context, a Action) error {
			cancelled <- a.Path
			return nil
		},
	})
	line := "Signing in to IAM Identity Center: code WXYZ-1234 ⟳"
	h.until("loaded", lineIs("sso-dev", "keys stored"))
	h.send(Action{Kind: SignInShown, Path: url, Format: "WXYZ-1234"})
	m := h.until("the code at the top", func(m Menu) bool { return len(m.Items) > 0 && m.Items[0].Title == line })
	if !m.Items[0].Disabled {
		t.Error("the code line is clickable")
	}
	cancel, ok := itemTitled(m, "Cancel sign-in")
	if !ok || cancel.Action != (Action{Kind: CancelSignIn, Path: url}) {
		t.Fatalf("cancel item %+v, %v", cancel, ok)
	}
	h.send(cancel.Action)
	if got := <-cancelled; got != url {
		t.Errorf("CancelSignIn got %q, want %q", got, url)
	}
	h.send(Action{Kind: SignInEnded, Path: url})
	h.until("the line gone", func(m Menu) bool { _, ok := itemTitled(m, line); return !ok })
	h.quit()
}
