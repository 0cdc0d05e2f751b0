package vault

import "context"

// PromptLabel tells a dialog raised on the user's behalf what it is for. The MFA prompt is
// asked deep inside a credentials refresh, far from the click that caused it; the label
// rides on the context (as WithExitWatch's hook does) so that no signature in between has
// to carry it.
type PromptLabel struct {
	// Action is what the user asked for, capitalised: "Copy env for alice". A dialog's title
	// names it ("Copy env for alice — MFA code").
	Action string
	// Verb is the button of a confirmation that goes ahead ("Remove keys"); the other says
	// Cancel. "": the dialog's own Yes and No.
	Verb string
}

type promptLabelKey struct{}

// WithPromptAction labels the dialogs asked under ctx with the action they serve.
func WithPromptAction(ctx context.Context, action string) context.Context {
	l := PromptLabelOf(ctx)
	l.Action = action
	return context.WithValue(ctx, promptLabelKey{}, l)
}

// WithConfirmVerb names the button of a confirmation asked under ctx that goes ahead.
func WithConfirmVerb(ctx context.Context, verb string) context.Context {
	l := PromptLabelOf(ctx)
	l.Verb = verb
	return context.WithValue(ctx, promptLabelKey{}, l)
}

// PromptLabelOf is the label ctx carries; zero when none.
func PromptLabelOf(ctx context.Context) PromptLabel {
	l, _ := ctx.Value(promptLabelKey{}).(PromptLabel)
	return l
}
