package autostart

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/vaultbar/vaultbar/vault"
)

// entryName is the autostart entry's file name. The .deb installs vaultbar.desktop in
// /usr/share/applications; the same name here lets a session match the two.
const entryName = "vaultbar.desktop"

// markerKey marks an entry Vaultbar wrote: Disable removes only such a file. The Desktop
// Entry spec reserves X- keys for extensions, which every reader ignores.
const markerKey = "X-Vaultbar-Autostart"

// desktopEntry is the autostart entry that starts exe. TryExec makes a session skip it once
// the binary is gone (an uninstall), rather than fail at every login. No NoDisplay: sessions'
// startup settings (GNOME Tweaks, XFCE Session and Startup) then list it, and a user can turn
// it off there too (they add Hidden=true, which Status reads as off).
func desktopEntry(exe string) ([]byte, error) {
	cmd, err := execValue(exe)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("# Written by Vaultbar's \"Start at login\"; `vaultbar autostart off` removes it.\n")
	b.WriteString("[Desktop Entry]\n")
	b.WriteString("Type=Application\n")
	b.WriteString("Name=Vaultbar\n")
	b.WriteString("Comment=aws-vault in the menu bar\n")
	b.WriteString("Exec=" + cmd + "\n")
	b.WriteString("TryExec=" + escapeString(exe) + "\n")
	b.WriteString("Icon=vaultbar\n")
	b.WriteString("Terminal=false\n")
	b.WriteString("X-GNOME-Autostart-enabled=true\n")
	b.WriteString(markerKey + "=true\n")
	return b.Bytes(), nil
}

// maskEntry hides a system-wide vaultbar.desktop (in /etc/xdg/autostart) for this user: the
// spec's Hidden=true masks same-named entries of lower precedence.
func maskEntry() []byte {
	return []byte("# Written by Vaultbar's \"Start at login\" to turn off the system-wide entry; `vaultbar autostart on` removes it.\n" +
		"[Desktop Entry]\nType=Application\nName=Vaultbar\nHidden=true\n" + markerKey + "=true\n")
}

// execReserved are the characters that make an Exec argument need quotes (Desktop Entry spec,
// "The Exec key").
const execReserved = " \t\n\"'\\><~|&;$*?#()`"

// execValue is exe as the Exec key's value: quoted when it holds a reserved character, with
// `"`, "`" and `$` escaped inside the quotes, and then the string escapes applied, which
// readers undo first. A path with a backslash or a percent sign is refused, as are control
// characters and '=' (the spec forbids it in the program): the spec's encodings for those
// ("\\\\", "%%") are read back wrong by systemd's xdg-autostart-generator, which starts
// the entries of GNOME and KDE sessions, so no entry could start such a path everywhere.
func execValue(exe string) (string, error) {
	if strings.ContainsFunc(exe, func(r rune) bool { return r < 0x20 || r == 0x7f }) || strings.ContainsAny(exe, `=%\`) {
		return "", vault.WithHint(fmt.Errorf("the path of vaultbar %q cannot be an autostart entry's Exec", exe),
			"%s", `move vaultbar to a path without control characters, '=', '%' or '\'`)
	}
	arg := exe
	if strings.ContainsAny(arg, execReserved) {
		arg = `"` + strings.NewReplacer(`"`, `\"`, "`", "\\`", `$`, `\$`).Replace(arg) + `"`
	}
	return escapeString(arg), nil
}

// escapeString applies the escapes of the spec's string type; control characters never
// reach here (execValue refuses them).
func escapeString(s string) string { return strings.ReplaceAll(s, `\`, `\\`) }

// unescapeString undoes the escapes of the spec's string type: \s \n \t \r \\.
func unescapeString(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 's':
			b.WriteByte(' ')
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// entry is what Status needs of an autostart entry.
type entry struct {
	hidden  bool   // Hidden=true: ignored, and masks same-named entries below it
	tryExec string // the binary that must exist for the entry to run, "" when none
	ours    bool   // written by Vaultbar (markerKey)
}

// parseEntry reads the keys of the [Desktop Entry] group that decide whether it runs.
func parseEntry(data []byte) (entry, error) {
	var e entry
	group := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxFile)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#':
			continue
		case line[0] == '[':
			group = line
			continue
		case group != "[Desktop Entry]":
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch key {
		case "Hidden":
			e.hidden = value == "true"
		case "TryExec":
			e.tryExec = unescapeString(value)
		case markerKey:
			e.ours = value == "true"
		}
	}
	return e, sc.Err()
}
