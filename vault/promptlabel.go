package vault

import "context"

// The MFA prompt is asked deep inside a credentials refresh, far from the click that caused
// it; the action it serves rides on the context (as WithExitWatch's hook does) so that a
// dialog can name it without every signature in between carrying it.

type promptActionKey struct{}

// WithPromptAction labels the dialogs asked under ctx with the action they serve, capitalised:
// "Copy env for alice" (the MFA dialog is then titled "Copy env for alice — MFA code").
func WithPromptAction(ctx context.Context, action string) context.Context {
	return context.WithValue(ctx, promptActionKey{}, action)
}

// PromptAction is the action ctx's dialogs serve; "" when none is said.
func PromptAction(ctx context.Context) string {
	action, _ := ctx.Value(promptActionKey{}).(string)
	return action
}
