package desktop

import "github.com/vaultbar/vaultbar/tray"

// flatten appends items and their children, depth first, to dst: the order in which the
// adapter adds them to systray, so index i of two flattenings of the same shape is the same
// systray item.
func flatten(dst []*tray.Item, items []tray.Item) []*tray.Item {
	for i := range items {
		dst = append(dst, &items[i])
		dst = flatten(dst, items[i].Children)
	}
	return dst
}

// sameShape reports whether two flattened menus are built of the same systray items: the
// same tree, with separators, checkboxes, submenus and clickable items in the same places.
// Only then can a render change titles, tooltips, states and actions in place; systray
// can neither insert an item nor turn one into a submenu or checkbox after it was added.
func sameShape(a, b []*tray.Item) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Separator != y.Separator || x.Checkable != y.Checkable || len(x.Children) != len(y.Children) ||
			(x.Action == tray.Action{}) != (y.Action == tray.Action{}) {
			return false
		}
	}
	return true
}

// actionsOf lists the Actions of the clickable items of a flattened menu, in order.
func actionsOf(flat []*tray.Item) []tray.Action {
	var out []tray.Action
	for _, it := range flat {
		if it.Action != (tray.Action{}) {
			out = append(out, it.Action)
		}
	}
	return out
}
