package tray

import (
	"context"
	"slices"
)

// The recent profiles are the last maxRecent used, newest first. They outlive the app:
// Load brings the saved list (Snapshot.Recent) and every change is saved with
// Deps.SaveRecent, one save at a time and always the latest list, so an older list never
// overwrites a newer one.

// adoptRecent takes the saved list while the app has none of its own: after a start, until
// the first profile is used.
func (c *Controller) adoptRecent(saved []string) {
	if len(c.recent) > 0 {
		return
	}
	for _, name := range saved {
		if name != "" && !slices.Contains(c.recent, name) && len(c.recent) < maxRecent {
			c.recent = append(c.recent, name)
		}
	}
}

// touchRecent moves profile to the front of the recent list and saves the list.
func (c *Controller) touchRecent(ctx context.Context, stop <-chan struct{}, profile string) {
	if profile == "" || (len(c.recent) > 0 && c.recent[0] == profile) {
		return
	}
	recent := make([]string, 0, maxRecent)
	recent = append(recent, profile)
	for _, name := range c.recent {
		if name != profile && len(recent) < maxRecent {
			recent = append(recent, name)
		}
	}
	c.recent = recent
	c.saveRecent(ctx, stop)
}

// saveRecent saves the recent list off the loop, or asks for one more save when one runs.
// Only the first failure is notified: the list is a convenience, and every click would
// otherwise say the same.
func (c *Controller) saveRecent(ctx context.Context, stop <-chan struct{}) {
	if c.d.SaveRecent == nil || !c.saves.start() {
		return
	}
	list, notify := slices.Clone(c.recent), !c.saveFailed
	go func() {
		err := c.d.SaveRecent(ctx, list)
		if err != nil && notify {
			c.d.Notify("Couldn't remember the recent profiles", c.d.Describe(err))
		}
		send(c.results, stop, result{saved: true, err: err})
	}()
}

func (c *Controller) finishSave(ctx context.Context, stop <-chan struct{}, r result) {
	if r.err != nil {
		c.saveFailed = true
	}
	if c.saves.done() {
		c.saveRecent(ctx, stop)
	}
}
