package tray

import "slices"

// noteSignIn applies a SignInShown or SignInEnded notice to the sign-ins the menu shows and
// reports whether a was one; any other action is a click for start.
func (c *Controller) noteSignIn(a Action) bool {
	switch a.Kind {
	case SignInShown:
		c.dropSignIn(a.Path) // a new code for the same start URL replaces the old one
		c.signIns = append(c.signIns, SignIn{StartURL: a.Path, UserCode: a.Format})
	case SignInEnded:
		c.dropSignIn(a.Path)
	default:
		return false
	}
	return true
}

func (c *Controller) dropSignIn(startURL string) {
	c.signIns = slices.DeleteFunc(c.signIns, func(s SignIn) bool { return s.StartURL == startURL })
}
