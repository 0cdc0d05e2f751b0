package desktop

import (
	"sync"

	"github.com/ebitengine/purego"
	"github.com/ebitengine/purego/objc"
)

var loadAppKit = sync.OnceValue(func() error {
	_, err := purego.Dlopen("/System/Library/Frameworks/AppKit.framework/AppKit", purego.RTLD_GLOBAL|purego.RTLD_NOW)
	return err
})

// activate brings the app to the front before a dialog: a menu-bar app (LSUIElement) is never
// the active application, and osascript's dialog would otherwise open behind other windows.
// Pure Go through purego, so it builds without cgo.
func activate() {
	if loadAppKit() != nil {
		return // no AppKit: the dialog still shows, maybe behind
	}
	app := objc.ID(objc.GetClass("NSApplication")).Send(objc.RegisterName("sharedApplication"))
	if app != 0 {
		app.Send(objc.RegisterName("activateIgnoringOtherApps:"), true)
	}
}
