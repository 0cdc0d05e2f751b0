package desktop

import (
	"errors"
	"testing"
	"time"
)

// fakeBoard is a clipboard in memory with a timer the test fires.
type fakeBoard struct {
	text   string
	writes int
	fail   error
	wait   []time.Duration
	fire   chan time.Time
	timers chan struct{} // one value per clearing timer that has run
}

func newFakeBoard(t *testing.T, o ClipboardOptions) (*Clipboard, *fakeBoard) {
	f := &fakeBoard{fire: make(chan time.Time), timers: make(chan struct{}, 10)}
	o.Read = func() (string, error) { return f.text, f.fail }
	o.Write = func(s string) error {
		if f.fail != nil {
			return f.fail
		}
		f.text = s
		f.writes++
		return nil
	}
	o.After = func(d time.Duration) <-chan time.Time {
		f.wait = append(f.wait, d)
		return f.fire
	}
	c := NewClipboard(o)
	c.onTimer = func() { f.timers <- struct{}{} }
	return c, f
}

// tick fires one pending timer and waits until it has done its work.
func (f *fakeBoard) tick(t *testing.T) {
	t.Helper()
	select {
	case f.fire <- time.Time{}:
	case <-time.After(5 * time.Second):
		t.Fatal("no clearing timer waiting")
	}
	select {
	case <-f.timers:
	case <-time.After(5 * time.Second):
		t.Fatal("the clearing timer did not finish")
	}
}

// The fake's fields are read under c.mu, like the clipboard's own code does.
func (f *fakeBoard) get(c *Clipboard) (string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return f.text, f.writes
}

func (f *fakeBoard) set(c *Clipboard, s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f.text = s
}

func TestClipboardClearsSecret(t *testing.T) {
	c, f := newFakeBoard(t, ClipboardOptions{})
	if err := c.CopySecret("s3cret"); err != nil {
		t.Fatal(err)
	}
	if text, _ := f.get(c); text != "s3cret" {
		t.Fatalf("clipboard holds %q", text)
	}
	if len(f.wait) != 1 || f.wait[0] != 45*time.Second {
		t.Errorf("timer waits %v, want [45s]", f.wait)
	}
	f.tick(t)
	if text, writes := f.get(c); text != "" || writes != 2 {
		t.Errorf("after the timer: %q, %d writes", text, writes)
	}
	if err := c.ClearOwned(); err != nil {
		t.Fatal(err)
	}
	if _, writes := f.get(c); writes != 2 {
		t.Errorf("ClearOwned wrote again: %d writes", writes)
	}
}

func TestClipboardKeepsUsersCopy(t *testing.T) {
	c, f := newFakeBoard(t, ClipboardOptions{ClearAfter: 300 * time.Millisecond})
	if err := c.CopySecret("s3cret"); err != nil {
		t.Fatal(err)
	}
	if f.wait[0] != 300*time.Millisecond {
		t.Errorf("timer waits %v", f.wait)
	}
	f.set(c, "the user's text")
	f.tick(t)
	if text, writes := f.get(c); text != "the user's text" || writes != 1 {
		t.Errorf("after the timer: %q, %d writes", text, writes)
	}
	if err := c.ClearOwned(); err != nil {
		t.Fatal(err)
	}
	if text, _ := f.get(c); text != "the user's text" {
		t.Errorf("ClearOwned took the user's text: %q", text)
	}
}

func TestClipboardClearOwned(t *testing.T) {
	c, f := newFakeBoard(t, ClipboardOptions{})
	if err := c.CopySecret("s3cret"); err != nil {
		t.Fatal(err)
	}
	if err := c.ClearOwned(); err != nil {
		t.Fatal(err)
	}
	if text, writes := f.get(c); text != "" || writes != 2 {
		t.Errorf("after ClearOwned: %q, %d writes", text, writes)
	}
	f.set(c, "later")
	f.tick(t) // the cancelled timer does nothing
	if text, _ := f.get(c); text != "later" {
		t.Errorf("the cancelled timer cleared %q", text)
	}
}

func TestClipboardNewerCopies(t *testing.T) {
	c, f := newFakeBoard(t, ClipboardOptions{})
	if err := c.CopySecret("first"); err != nil {
		t.Fatal(err)
	}
	if err := c.CopySecret("second"); err != nil {
		t.Fatal(err)
	}
	f.tick(t) // one of the two timers: only the second's may act
	f.tick(t)
	if text, _ := f.get(c); text != "" {
		t.Errorf("second secret left: %q", text)
	}

	if err := c.CopySecret("third"); err != nil {
		t.Fatal(err)
	}
	if err := c.Copy("plain"); err != nil {
		t.Fatal(err)
	}
	f.tick(t)
	if err := c.ClearOwned(); err != nil {
		t.Fatal(err)
	}
	if text, _ := f.get(c); text != "plain" {
		t.Errorf("Copy's text was cleared: %q", text)
	}
	if len(f.wait) != 3 {
		t.Errorf("%d timers for 3 secrets", len(f.wait))
	}
}

func TestClipboardWriteFails(t *testing.T) {
	c, f := newFakeBoard(t, ClipboardOptions{})
	f.fail = errors.New("no xclip")
	if err := c.CopySecret("s3cret"); !errors.Is(err, f.fail) {
		t.Fatalf("err = %v", err)
	}
	if len(f.wait) != 0 {
		t.Error("a timer for a failed copy")
	}
	if err := c.ClearOwned(); err != nil {
		t.Errorf("ClearOwned with nothing owned: %v", err)
	}
}
