package desktop

import (
	"context"
	"os/exec"
)

// showKeysForm runs the zenity CLI's --forms, which ncruces/zenity does not wrap: one window
// with every field, the secret masked. Its answer comes on stdout, never in argv.
func showKeysForm(ctx context.Context, problem string, last KeysForm) (KeysForm, error) {
	bin, err := exec.LookPath("zenity")
	if err != nil {
		return KeysForm{}, ErrNoDialogTool
	}
	args := []string{"--forms", "--title", Title, "--text", markupEscape(formText(problem, last)),
		"--separator", formSeparator, "--ok-label", "Check and add", "--cancel-label", "Cancel"}
	for _, f := range keysFields {
		flag := "--add-entry"
		if f.hidden {
			flag = "--add-password"
		}
		args = append(args, flag+"="+f.label)
	}
	out, err := runFormTool(ctx, exec.CommandContext(ctx, bin, args...))
	if err != nil {
		return KeysForm{}, err
	}
	values, err := parseForm(out, formSeparator, len(keysFields))
	if err != nil {
		return KeysForm{}, err
	}
	return formOf(values), nil
}
