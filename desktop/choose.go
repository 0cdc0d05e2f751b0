package desktop

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ncruces/zenity"
)

// The list's height in pixels: a row of GTK's default theme (Adwaita, 96 dpi) is 23 pixels
// high, the text and buttons take about 85 (measured under Xvfb), with some room to spare for
// larger fonts. A list of up to chooseMaxRows shows every choice without scrolling (the action
// chooser: 11); longer ones (Find profile) scroll.
const (
	chooseRow     = 25
	chooseChrome  = 110
	chooseMaxRows = 18
)

// chooseHeight is the dialog's height for n choices.
func chooseHeight(n int) uint {
	return uint(chooseChrome + chooseRow*min(max(n, 4), chooseMaxRows))
}

// Choose shows a list of choices under text and returns the index of the one picked (double
// click, or select and OK; typing jumps to the first choice that starts with what was typed).
// The first choice is preselected where the dialog tool allows it (macOS, Windows: zenity's
// list on Linux has no such option; its cursor starts on the first row). Cancel returns an
// error for which IsCancel is true.
func Choose(ctx context.Context, text string, choices []string) (int, error) {
	if err := canShow(); err != nil {
		return 0, err
	}
	opts := []zenity.Option{zenity.Title(Title), zenity.Context(ctx), zenity.DisallowEmpty(),
		zenity.Height(chooseHeight(len(choices)))}
	if len(choices) > 0 {
		opts = append(opts, zenity.DefaultItems(choices[0]))
	}
	picked, err := zenity.List(text, choices, opts...)
	if err := dialogError(ctx, err); err != nil {
		return 0, err
	}
	i := pickedIndex(choices, picked)
	if i < 0 {
		return 0, ErrCancelled // nothing picked
	}
	return i, nil
}

// pickedIndex is the index of the choice zenity printed, -1 for none. Under a C locale (no
// LANG, as in some minimal sessions) zenity prints each non-ASCII character as "?": "bob —
// keys stored" comes back as "bob ? keys stored", and "Remove credentials…" with a "?".
func pickedIndex(choices []string, picked string) int {
	if i := slices.Index(choices, picked); i >= 0 || picked == "" {
		return i
	}
	return slices.IndexFunc(choices, func(c string) bool { return asciiOnly(c) == picked })
}

// asciiOnly is s with each non-ASCII character replaced by "?", as zenity prints it.
func asciiOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= utf8.RuneSelf {
			return '?'
		}
		return r
	}, s)
}
