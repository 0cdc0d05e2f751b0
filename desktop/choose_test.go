package desktop

import "testing"

// zenity under a C locale prints non-ASCII characters as "?": the pick still counts.
func TestPickedIndexUnderCLocale(t *testing.T) {
	t.Parallel()
	choices := []string{"bob — keys stored", "bob-admin — credentials via bob", "Remove credentials…"}
	for picked, want := range map[string]int{
		"bob-admin — credentials via bob": 1,
		"bob-admin ? credentials via bob": 1,
		"Remove credentials?":             2,
		"":                                -1,
		"carol ? keys stored":             -1,
	} {
		if got := pickedIndex(choices, picked); got != want {
			t.Errorf("pickedIndex(%q) = %d, want %d", picked, got, want)
		}
	}
}
