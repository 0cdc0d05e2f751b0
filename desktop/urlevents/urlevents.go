// Package urlevents receives the vaultbar:// URLs that macOS hands the app as Apple Events.
//
// LaunchServices does not pass a URL in argv: it starts the bundle (or finds it running) and
// sends it a kAEGetURL event, dispatched on the main thread by the AppKit run loop that
// fyne.io/systray starts. Start installs the handler for that event before the run loop exists,
// so the URL that launched the app is caught too (it arrives during finishLaunching, before
// systray's onReady), and every later one reaches the same channel.
//
// On Linux and Windows each URL starts a new process (`vaultbar URL`, from the .desktop
// file's Exec or the registry's shell\open\command), which forwards it over the control socket;
// there Start returns a nil channel.
//
// The package imports neither fyne.io/systray nor package desktop: it runs before the tray
// exists, and without cgo it compiles and vets for darwin on Linux (make cross). The darwin code
// is compiled and vetted there, not run: no test here executes it.
package urlevents

import "sync/atomic"

// buffer is how many URLs wait for the app before more are dropped: the handler runs on the
// main thread and must never block it, and a person clicking links sends a handful at most.
const buffer = 16

// queue hands URLs from the event handler to the app's reader without ever blocking the sender.
type queue struct {
	ch      chan string
	dropped atomic.Uint64
}

func newQueue(size int) *queue {
	return &queue{ch: make(chan string, size)}
}

// offer queues url, or drops and counts it when the reader is behind by a full buffer.
func (q *queue) offer(url string) {
	select {
	case q.ch <- url:
	default:
		q.dropped.Add(1)
	}
}

// events is the one queue of the process: Apple Events go to the application, not to a caller.
var events = newQueue(buffer)

// Dropped reports how many URLs were dropped because the channel from Start was full. A reader
// that falls behind can log it; the person sees nothing happen for those links.
func Dropped() uint64 {
	return events.dropped.Load()
}
