package desktop

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/ncruces/zenity"
)

// KeysForm is the Add credentials form: one dialog for a profile's name, its access keys and,
// optionally, the region and MFA device a new profile gets in the config file.
type KeysForm struct {
	Profile, KeyID, Secret, Region, MFASerial string
}

// AskKeys shows the Add credentials form with problem (why it comes back, "" the first time)
// above the fields. last is what was typed before: zenity's forms cannot be filled in
// beforehand, so there a field left empty keeps its value from last, and the form lists
// those values (never the secret). Cancel returns an error IsCancel accepts.
func AskKeys(ctx context.Context, problem string, last KeysForm) (KeysForm, error) {
	if err := canShow(); err != nil {
		return KeysForm{}, err
	}
	got, err := showKeysForm(ctx, problem, last)
	if err != nil {
		return KeysForm{}, dialogError(ctx, err)
	}
	return keepTyped(last, got), nil
}

// ConfirmVerb asks a question whose buttons are verb ("Replace keys") and Cancel. Cancel,
// Escape and closing the dialog are all (false, nil).
func ConfirmVerb(ctx context.Context, question, verb string) (bool, error) {
	if err := canShow(); err != nil {
		return false, err
	}
	err := dialogError(ctx, zenity.Question(question, zenity.Title(dialogTitle(ctx, "")), zenity.Context(ctx),
		zenity.OKLabel(verb), zenity.CancelLabel("Cancel"), zenity.WarningIcon))
	if errors.Is(err, ErrCancelled) {
		return false, nil
	}
	return err == nil, err
}

// formField is one field of the keys form, in order.
type formField struct {
	label  string
	hidden bool
	value  func(*KeysForm) *string
}

var keysFields = []formField{
	{"Profile name", false, func(f *KeysForm) *string { return &f.Profile }},
	{"Access key ID", false, func(f *KeysForm) *string { return &f.KeyID }},
	{"Secret access key", true, func(f *KeysForm) *string { return &f.Secret }},
	{"Region (optional)", false, func(f *KeysForm) *string { return &f.Region }},
	{"MFA device ARN (optional)", false, func(f *KeysForm) *string { return &f.MFASerial }},
}

// formSeparator joins the fields in zenity's answer: a control character nobody types, so
// a field holding '|' (zenity's default) cannot shift the others.
const formSeparator = "\x1e"

// errAmbiguousAnswer: the dialog's answer does not split into one value per field.
var errAmbiguousAnswer = errors.New("the form's answer could not be read")

// parseForm splits a forms dialog's output (values joined by sep, then a line break) into
// exactly n values; any other count is refused rather than guessed.
func parseForm(out, sep string, n int) ([]string, error) {
	out = strings.TrimSuffix(strings.TrimSuffix(out, "\n"), "\r")
	parts := strings.Split(out, sep)
	if len(parts) != n {
		return nil, fmt.Errorf("%w (%d values for %d fields)", errAmbiguousAnswer, len(parts), n)
	}
	return parts, nil
}

// formOf puts answers into a KeysForm, in keysFields' order, trimmed of spaces (a pasted
// key often brings some).
func formOf(values []string) KeysForm {
	var f KeysForm
	for i, fl := range keysFields {
		*fl.value(&f) = strings.TrimSpace(values[i])
	}
	return f
}

// keepTyped fills each field left empty in got with its value in last.
func keepTyped(last, got KeysForm) KeysForm {
	for _, fl := range keysFields {
		if v := fl.value(&got); *v == "" {
			*v = *fl.value(&last)
		}
	}
	return got
}

// formIntro is the form's text the first time.
const formIntro = "Add an IAM user's access keys to the keyring. AWS checks them before they are stored."

// formText is the text above the fields: the problem, then what an empty field keeps.
func formText(problem string, last KeysForm) string {
	var kept []string
	for _, fl := range keysFields {
		if v := *fl.value(&last); v != "" {
			if fl.hidden {
				v = "as typed"
			}
			kept = append(kept, strings.TrimSuffix(fl.label, " (optional)")+": "+v)
		}
	}
	text := formIntro
	if len(kept) > 0 {
		text = "Fields left empty keep what you typed before (" + strings.Join(kept, ", ") + ")."
	}
	if problem != "" {
		text = problem + "\n\n" + text
	}
	return text
}

// markupEscape makes text safe for a GTK label that reads Pango markup, as zenity's --text
// does: an error naming "a & b" would otherwise leave the label empty.
func markupEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// parseJSONForm reads a JSON array of exactly n strings (the macOS form's answer).
func parseJSONForm(out string, n int) ([]string, error) {
	var values []string
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &values); err != nil || len(values) != n {
		return nil, fmt.Errorf("%w (%d values for %d fields)", errAmbiguousAnswer, len(values), n)
	}
	return values, nil
}

// runFormTool runs a form's dialog tool (zenity, osascript) and returns what it printed. Its
// exit status 1 is the user's Cancel, zenity.ErrCanceled, unless ctx ended (then it was killed).
func runFormTool(ctx context.Context, cmd *exec.Cmd) (string, error) {
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 1 && ctx.Err() == nil {
			return "", zenity.ErrCanceled
		}
		return "", err
	}
	return out.String(), nil
}
