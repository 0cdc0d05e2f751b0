package desktop

import (
	"context"
	"slices"

	"github.com/ncruces/zenity"
)

// Choose shows a list of choices under text and returns the index of the one picked (double
// click, or select and OK). Cancel returns an error for which IsCancel is true.
func Choose(ctx context.Context, text string, choices []string) (int, error) {
	if err := canShow(); err != nil {
		return 0, err
	}
	picked, err := zenity.List(text, choices, zenity.Title(Title), zenity.Context(ctx), zenity.DisallowEmpty())
	if err := dialogError(ctx, err); err != nil {
		return 0, err
	}
	i := slices.Index(choices, picked)
	if i < 0 {
		return 0, ErrCancelled // nothing picked
	}
	return i, nil
}
