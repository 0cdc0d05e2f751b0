package tray

import (
	"strings"
	"time"
)

// expiryWarning is how long before a session a running server depends on ends that the menu
// marks the server (⚠) and notifies once: enough to sign in again before the server has to
// ask for an MFA code in the middle of someone's work.
const expiryWarning = 10 * time.Minute

// maxChain bounds the source_profile walk (configs may hold cycles; vault rejects them).
const maxChain = 8

// expiring is a session a running server depends on that ends soon.
type expiring struct {
	Server, Session string // the serving profile, the profile whose session ends
	Until           time.Time
}

// serverExpiry is the session p's server depends on that ends within expiryWarning: the
// earliest valid session along p and its source profiles, when renewing it will ask for an
// MFA code (that profile or p needs MFA). ok is false when there is none or p serves nothing.
func serverExpiry(p *Profile, s State) (expiring, bool) {
	if p.Server == nil {
		return expiring{}, false
	}
	var found expiring
	q := p
	for range maxChain {
		if hasSession(q, s) && (q.NeedsMFA || p.NeedsMFA) && q.SessionUntil.Sub(s.Now) <= expiryWarning &&
			(found.Until.IsZero() || q.SessionUntil.Before(found.Until)) {
			found = expiring{Server: p.Name, Session: q.Name, Until: q.SessionUntil}
		}
		if q = sourceOf(q, s); q == nil {
			break
		}
	}
	return found, !found.Until.IsZero()
}

// expiringSessions are the warnings due in s, in profile order.
func expiringSessions(s State) []expiring {
	if s.byName == nil {
		s.byName = indexProfiles(s.Profiles)
	}
	var out []expiring
	for i := range s.Profiles {
		if e, ok := serverExpiry(&s.Profiles[i], s); ok {
			out = append(out, e)
		}
	}
	return out
}

// expiryNote is the notification for e: what ends, what the server will do, what to do now.
func expiryNote(e expiring, now time.Time) (title, body string) {
	left := strings.TrimLeft(timeLeft(e.Until.Sub(now)), figureSpace)
	title = "Session of " + e.Session + " ends in " + left
	body = "The metadata server for " + e.Server + " will then ask for an MFA code: keep your MFA " +
		"device at hand, or stop the server from the menu of " + e.Server + "."
	return title, body
}

// expiryLine is the server's state line with the warning, "" without one.
func expiryLine(p *Profile, s State) string {
	e, ok := serverExpiry(p, s)
	if !ok {
		return ""
	}
	return "server on " + p.Server.Addr + keyMark + " session of " + e.Session + " ends in " +
		strings.TrimLeft(timeLeft(e.Until.Sub(s.Now)), figureSpace)
}

// warnExpiring notifies each expiry warning of s once (per server and session end); a
// renewed session ends later and is warned about again when its time comes.
func (c *Controller) warnExpiring(s State) {
	for _, e := range expiringSessions(s) {
		if c.warned[e] {
			continue
		}
		c.warned[e] = true
		title, body := expiryNote(e, s.Now)
		go c.d.Notify(title, body) // Notify runs off the loop
	}
}
