package urlevents

import (
	"errors"
	"fmt"
	"sync"

	"github.com/ebitengine/purego"
	"github.com/ebitengine/purego/objc"
)

// Four-character codes of the Apple Event LaunchServices sends for a URL (AE/AERegistry.h,
// AE/AppleEvents.h): class kInternetEventClass and ID kAEGetURL are both 'GURL'; the URL is
// the event's keyDirectObject parameter, '----'.
const (
	internetEventClass uint32 = 'G'<<24 | 'U'<<16 | 'R'<<8 | 'L'
	getURLEventID      uint32 = internetEventClass
	directObjectKey    uint32 = '-'<<24 | '-'<<16 | '-'<<8 | '-'
)

// Selectors, registered once (RegisterName takes the Objective-C runtime's global lock).
var (
	selHandle     = objc.RegisterName("handleGetURLEvent:withReplyEvent:")
	selParam      = objc.RegisterName("paramDescriptorForKeyword:")
	selString     = objc.RegisterName("stringValue")
	selUTF8String = objc.RegisterName("UTF8String")
)

// Start installs the handler for the kAEGetURL Apple Event and returns the channel on which
// the URLs arrive, in the order macOS sent them. Call it from main() on the main thread (which
// fyne.io/systray's init locks main() to) before systray.Run: the run loop delivers the URL
// that launched the app during finishLaunching, before onReady, and a handler installed later
// misses it. Read the channel from a goroutine; the handler never blocks the main thread, so
// URLs beyond a full buffer are dropped (see Dropped). Later calls return the first call's
// result.
//
// Compiled and vetted on Linux (make cross), not run there: it needs macOS and a bundle whose
// Info.plist declares the scheme (Info.plist at the repository root, copied into the bundle by
// `make app`).
func Start() (<-chan string, error) {
	return start()
}

var start = sync.OnceValues(func() (<-chan string, error) {
	if err := install(); err != nil {
		return nil, fmt.Errorf("vaultbar:// links cannot reach the app: %w", err)
	}
	return events.ch, nil
})

func install() error {
	if _, err := purego.Dlopen("/System/Library/Frameworks/AppKit.framework/AppKit", purego.RTLD_GLOBAL|purego.RTLD_NOW); err != nil {
		return fmt.Errorf("load appkit: %w", err)
	}
	if !objc.Send[bool](objc.ID(objc.GetClass("NSThread")), objc.RegisterName("isMainThread")) {
		return errors.New("urlevents.Start must run on the main thread, before systray.Run")
	}
	// NSApp first, so the handler below is installed on the manager that the application's
	// run loop dispatches from, before finishLaunching sends the launch event.
	if objc.ID(objc.GetClass("NSApplication")).Send(objc.RegisterName("sharedApplication")) == 0 {
		return errors.New("no nsapplication")
	}
	class, err := objc.RegisterClass("VaultbarURLEventHandler", objc.GetClass("NSObject"), nil, nil,
		[]objc.MethodDef{{Cmd: selHandle, Fn: handleGetURLEvent}})
	if err != nil {
		return fmt.Errorf("register the handler class: %w", err)
	}
	// Never released: the event manager does not retain its handlers, and this one serves
	// until the process exits.
	handler := objc.ID(class).Send(objc.RegisterName("new"))
	if handler == 0 {
		return errors.New("create the url event handler")
	}
	manager := objc.ID(objc.GetClass("NSAppleEventManager")).Send(objc.RegisterName("sharedAppleEventManager"))
	if manager == 0 {
		return errors.New("no apple event manager")
	}
	manager.Send(objc.RegisterName("setEventHandler:andSelector:forEventClass:andEventID:"),
		handler, selHandle, internetEventClass, getURLEventID)
	return nil
}

// handleGetURLEvent is -[VaultbarURLEventHandler handleGetURLEvent:withReplyEvent:]. It runs on
// the main thread, possibly before the tray exists: it only queues the URL, never calls
// systray, and never blocks.
func handleGetURLEvent(_ objc.ID, _ objc.SEL, event, _ objc.ID) {
	if event == 0 {
		return
	}
	desc := event.Send(selParam, directObjectKey)
	if desc == 0 {
		return
	}
	str := desc.Send(selString)
	if str == 0 {
		return
	}
	if url := objc.Send[string](str, selUTF8String); url != "" {
		events.offer(url)
	}
}
