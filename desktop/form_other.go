//go:build !linux && !darwin

package desktop

import (
	"context"

	"github.com/ncruces/zenity"
)

// showKeysForm asks the fields one after another where no form dialog is at hand (Windows:
// ncruces/zenity's Win32 entries), each filled in with what was typed before.
func showKeysForm(ctx context.Context, problem string, last KeysForm) (KeysForm, error) {
	values := make([]string, len(keysFields))
	for i, f := range keysFields {
		text := f.label
		if i == 0 && problem != "" {
			text = problem + "\n\n" + text
		}
		opts := []zenity.Option{zenity.Title(Title), zenity.Context(ctx)}
		if f.hidden {
			opts = append(opts, zenity.HideText())
		} else {
			opts = append(opts, zenity.EntryText(*f.value(&last)))
		}
		v, err := zenity.Entry(text, opts...)
		if err != nil {
			return KeysForm{}, err
		}
		values[i] = v
	}
	return formOf(values), nil
}
