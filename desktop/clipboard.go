package desktop

import (
	"crypto/subtle"
	"sync"
	"time"

	"github.com/atotto/clipboard"
)

// DefaultClearAfter is how long a copied secret stays on the clipboard.
const DefaultClearAfter = 45 * time.Second

// ClipboardOptions configure a Clipboard. The zero value is ready to use.
type ClipboardOptions struct {
	// ClearAfter is how long a secret stays on the clipboard; 0 means DefaultClearAfter.
	ClearAfter time.Duration
	// After starts the clearing timer; nil means time.After. For tests.
	After func(time.Duration) <-chan time.Time
	// Read and Write reach the system clipboard; nil means github.com/atotto/clipboard
	// (xclip, xsel or wl-clipboard on Linux, pbcopy on macOS). For tests.
	Read  func() (string, error)
	Write func(string) error
}

// Clipboard copies text to the system clipboard, and takes a copied secret away again after
// a while unless the user has copied something else meanwhile. It logs nothing: what it
// holds is secret. Safe for concurrent use.
type Clipboard struct {
	clearAfter time.Duration
	after      func(time.Duration) <-chan time.Time
	read       func() (string, error)
	write      func(string) error

	mu    sync.Mutex
	owned string // the last secret copied, until it is cleared or replaced
	gen   uint64 // bumped by every copy and clear: older timers see they are stale

	onTimer func() // tests: called when a clearing timer has done its work
}

// NewClipboard returns a Clipboard configured by o.
func NewClipboard(o ClipboardOptions) *Clipboard {
	c := &Clipboard{clearAfter: o.ClearAfter, after: o.After, read: o.Read, write: o.Write}
	if c.clearAfter <= 0 {
		c.clearAfter = DefaultClearAfter
	}
	if c.after == nil {
		c.after = time.After
	}
	if c.read == nil {
		c.read = clipboard.ReadAll
	}
	if c.write == nil {
		c.write = clipboard.WriteAll
	}
	return c
}

// ClearAfter is how long a copied secret stays on the clipboard.
func (c *Clipboard) ClearAfter() time.Duration { return c.clearAfter }

// CopySecret puts text on the clipboard and clears it after ClearAfter, but only if the
// clipboard still holds text then.
func (c *Clipboard) CopySecret(text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.write(text); err != nil {
		c.owned = ""
		c.gen++
		return err
	}
	c.owned = text
	c.gen++
	go c.clearLater(c.gen, c.after(c.clearAfter))
	return nil
}

// Copy puts text on the clipboard for good: it is not a secret. A secret copied before is
// forgotten, since the clipboard no longer holds it.
func (c *Clipboard) Copy(text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.owned = ""
	c.gen++
	return c.write(text)
}

// ClearOwned clears the clipboard now if it still holds the last secret copied, and cancels
// the pending clearing. Call it on Quit.
func (c *Clipboard) ClearOwned() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	return c.clearIfOwned()
}

func (c *Clipboard) clearLater(gen uint64, fire <-chan time.Time) {
	<-fire
	c.mu.Lock()
	if gen == c.gen {
		_ = c.clearIfOwned() // nobody to tell; the next copy reports a broken clipboard
	}
	hook := c.onTimer
	c.mu.Unlock()
	if hook != nil {
		hook()
	}
}

// clearIfOwned empties the clipboard if it holds c.owned. c.mu is held.
func (c *Clipboard) clearIfOwned() error {
	owned := c.owned
	if owned == "" {
		return nil
	}
	c.owned = ""
	now, err := c.read()
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare([]byte(now), []byte(owned)) != 1 {
		return nil // the user copied something else: theirs to keep
	}
	return c.write("")
}
