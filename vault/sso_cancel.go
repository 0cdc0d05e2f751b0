package vault

// CancelSSOSignIn stops the IAM Identity Center sign-in to startURL that this process is
// running, for every caller waiting on it (the menu's "Cancel sign-in"): they get
// context.Canceled. It reports whether one was running.
func (v *Vault) CancelSSOSignIn(startURL string) bool {
	return v.ssoFlights.cancel("login\x00" + startURL)
}

// cancel ends the run for key, if any; its callers get the run's error, context.Canceled.
func (g *sharedFlights) cancel(key string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	f := g.m[key]
	if f == nil {
		return false
	}
	f.cancel()
	delete(g.m, key) // whoever asks next starts afresh
	return true
}
