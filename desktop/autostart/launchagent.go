package autostart

import (
	"context"
	"encoding/xml"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// agentLabel is the LaunchAgent's label and file name: the bundle identifier of Info.plist,
// as launchd.plist(5) asks for a unique reverse-DNS label matching the file.
const agentLabel = "dev.vaultbar.Vaultbar"

// launchAgent starts Vaultbar at login through launchd when SMAppService cannot (a binary
// outside a bundle, or macOS 12). launchd loads ~/Library/LaunchAgents at each login; Enable
// and Disable only write and remove the file, never `launchctl bootstrap` or `bootout`: the app
// already runs when the user asks (bootstrap would start a second copy through RunAtLoad), and
// bootout of a loaded agent kills the app that launchd started, the one the user is clicking in.
type launchAgent struct {
	exe  string
	path string
}

func newLaunchAgent(o Options) (*launchAgent, error) {
	if err := needHome(o); err != nil {
		return nil, err
	}
	return &launchAgent{exe: o.Executable, path: filepath.Join(o.Home, "Library", "LaunchAgents", agentLabel+".plist")}, nil
}

// Status is on while the agent's file exists: launchd loads every plist of the directory.
func (l *launchAgent) Status(context.Context) (Status, error) {
	st := Status{Where: l.path}
	_, err := os.Stat(l.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return st, nil
	case err != nil:
		return st, err
	}
	st.On = true
	st.Note = "System Settings › General › Login Items can still keep it from running"
	return st, nil
}

func (l *launchAgent) Enable(context.Context) error {
	return writeIfChanged(l.path, launchAgentPlist(agentLabel, l.exe))
}

func (l *launchAgent) Disable(context.Context) error { return removeFile(l.path) }

// launchAgentPlist is the agent's property list (launchd.plist(5)): run exe at load, which for
// an agent means at login; only in the graphical (Aqua) session, not over ssh; without the
// throttling launchd applies to background jobs (ProcessType Interactive); and leave the
// browsers Vaultbar starts running when it quits (AbandonProcessGroup). No KeepAlive: Quit
// means quit until the next login.
func launchAgentPlist(label, exe string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + xmlText(label) + `</string>
	<key>ProgramArguments</key>
	<array>
		<string>` + xmlText(exe) + `</string>
	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>LimitLoadToSessionType</key>
	<string>Aqua</string>
	<key>ProcessType</key>
	<string>Interactive</string>
	<key>AbandonProcessGroup</key>
	<true/>
</dict>
</plist>
`)
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder cannot fail
	return b.String()
}

// appBundle returns the .app bundle that holds exe (…/Vaultbar.app/Contents/MacOS/vaultbar),
// "" when exe is not inside one: SMAppService.mainApp registers the bundle, not a binary.
func appBundle(exe string) string {
	macos := filepath.Dir(exe)
	contents := filepath.Dir(macos)
	app := filepath.Dir(contents)
	if filepath.Base(macos) != "MacOS" || filepath.Base(contents) != "Contents" || !strings.HasSuffix(app, ".app") {
		return ""
	}
	return app
}
