package tray

import (
	"context"
	"fmt"
	"time"
)

// Key ages. A profile's submenu shows how old its stored access key is (IAM's CreateDate)
// and marks keys older than OldKeyAge, the age at which AWS advises rotating them.
//
// The panel tells the app that the menu opened (Deps.Opened), never which submenu:
// fyne.io/systray builds every submenu up front and StatusNotifierItem hosts announce only
// the root menu. So when the menu opens, the ages of every profile that has a full submenu
// (all of them up to largeConfig, else the recent ones) and stored keys are fetched in the
// background, each at most once per keyAgeEvery; a failed fetch (offline, a policy) is tried
// again on an opening after keyAgeRetry and is never a notification. The ages live in the
// controller, not the Snapshot: Load re-reads the keyring every minute and must not call IAM.

const (
	// OldKeyAge is when a key gets the mark.
	OldKeyAge   = 90 * 24 * time.Hour
	keyAgeEvery = 24 * time.Hour
	keyAgeRetry = time.Hour
	keyMark     = " ⚠"
)

// KeyInfo is what IAM says of a stored key (Deps.KeyAge).
type KeyInfo struct {
	Created time.Time // IAM's CreateDate; zero: IAM would not say
	Account string    // the AWS account of the key's IAM user; "": not known
}

// keyAge is what the controller knows of one profile's key.
type keyAge struct {
	created  time.Time // IAM's CreateDate; zero: not known
	account  string    // the account of the key's IAM user, from the same answer
	fetched  time.Time // the last fetch that succeeded
	tried    time.Time // the last fetch started
	inFlight bool
}

// fetchKeyAges starts KeyAge for each profile with a submenu and stored keys whose age is
// due, off the loop.
func (c *Controller) fetchKeyAges(ctx context.Context, stop <-chan struct{}) {
	if c.d.KeyAge == nil || c.quitting {
		return
	}
	now := c.d.Now()
	for _, p := range submenuProfiles(c.state()) {
		k := c.keyAges[p.Name]
		if !p.HasKeys || !k.due(now) {
			continue
		}
		k.inFlight, k.tried = true, now
		c.keyAges[p.Name] = k
		a := Action{Profile: p.Name}
		go func() {
			info, err := c.d.KeyAge(ctx, a)
			send(c.results, stop, result{action: a, err: err, age: &keyAge{created: info.Created, account: info.Account}})
		}()
	}
}

// due says whether the age should be fetched now: never fetched or a day old, and not
// running or failed within the last hour.
func (k keyAge) due(now time.Time) bool {
	switch {
	case k.inFlight,
		!k.fetched.IsZero() && now.Sub(k.fetched) < keyAgeEvery,
		!k.tried.IsZero() && now.Sub(k.tried) < keyAgeRetry:
		return false
	}
	return true
}

func (c *Controller) finishKeyAge(r result) {
	k := c.keyAges[r.action.Profile]
	k.inFlight = false
	if r.err == nil {
		k.created, k.account, k.fetched = r.age.created, r.age.account, c.d.Now()
	}
	c.keyAges[r.action.Profile] = k
}

// inheritKeyAccounts gives each profile with neither an account of its own (role_arn,
// sso_account_id) nor keys the KeyAccount of the keys profile its source_profile chain
// reaches: a session or MFA profile over stored keys is the keys' account.
func inheritKeyAccounts(ps []Profile) {
	byName := indexProfiles(ps)
	for i := range ps {
		p := &ps[i]
		if p.HasKeys || p.Account != "" || p.Role != "" {
			continue
		}
		for q, hops := p, 0; q.Via != "" && q.Via != q.Name && hops < len(ps); hops++ {
			j, ok := byName[q.Via]
			if !ok {
				break
			}
			q = &ps[j]
			if q.HasKeys {
				p.KeyAccount = q.KeyAccount
				break
			}
			if q.Account != "" || q.Role != "" {
				break
			}
		}
	}
}

// submenuProfiles are the profiles Build gives a full submenu.
func submenuProfiles(s State) []*Profile {
	if len(s.Profiles) > largeConfig {
		return recentProfiles(s)
	}
	out := make([]*Profile, len(s.Profiles))
	for i := range s.Profiles {
		out[i] = &s.Profiles[i]
	}
	return out
}

func oldKey(p *Profile, s State) bool {
	return p.HasKeys && !p.KeyCreated.IsZero() && s.Now.Sub(p.KeyCreated) > OldKeyAge
}

// keyAgeItem is the submenu's disabled line under the state line: "Key 12 days old". It is
// hidden, not left out, until the age is known, so the submenu keeps its shape.
func keyAgeItem(p *Profile, s State) Item {
	if !p.HasKeys || p.KeyCreated.IsZero() {
		return Item{Title: "Key age unknown", Disabled: true, Hidden: true}
	}
	days := int(s.Now.Sub(p.KeyCreated) / (24 * time.Hour))
	title := fmt.Sprintf("Key %d days old", days)
	switch {
	case days == 0:
		title = "Key created today"
	case days == 1:
		title = "Key 1 day old"
	}
	if oldKey(p, s) {
		title += ": rotate it" + keyMark
	}
	return Item{Title: title, Disabled: true,
		Tooltip: "IAM created this access key on " + p.KeyCreated.In(s.Now.Location()).Format("2 Jan 2006") +
			"; AWS advises rotating keys every 90 days"}
}

// oldKeyMark follows the name of a profile whose key is older than OldKeyAge.
func oldKeyMark(p *Profile, s State) string {
	if oldKey(p, s) {
		return keyMark
	}
	return ""
}
