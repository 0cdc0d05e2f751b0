package autostart

import (
	"strings"
	"testing"
)

// execArgs undoes Exec's encoding the way the Desktop Entry spec tells readers to: string
// escapes first, then %% and the quoting. It is the test's independent reader.
func execArgs(t *testing.T, value string) []string {
	t.Helper()
	s := unescapeString(value)
	var args []string
	var cur strings.Builder
	inArg, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\\' && i+1 < len(s) && strings.IndexByte("\"`$\\", s[i+1]) >= 0:
			i++
			cur.WriteByte(s[i])
		case quoted && c == '"':
			quoted = false
		case quoted:
			cur.WriteByte(c)
		case c == '"':
			quoted, inArg = true, true
		case c == ' ':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		case strings.IndexByte(execReserved, c) >= 0:
			t.Fatalf("Exec %q has an unquoted reserved character %q", value, c)
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if quoted {
		t.Fatalf("Exec %q has an unterminated quote", value)
	}
	if inArg {
		args = append(args, cur.String())
	}
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, "%%", "%")
	}
	return args
}

// Paths with spaces, quotes, dollars and backticks come back as the one argument
// they are: a session runs exactly this binary, never a split or expanded path.
func TestExecValueQuoting(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ exe, want string }{
		{"/usr/bin/vaultbar", "/usr/bin/vaultbar"},
		{"/opt/my apps/vaultbar", `"/opt/my apps/vaultbar"`},
		{`/opt/a"b/vaultbar`, `"/opt/a\\"b/vaultbar"`},
		{`/opt/$HOME/vaultbar`, `"/opt/\\$HOME/vaultbar"`},
		{"/opt/sure/`x`/vaultbar", "\"/opt/sure/\\\\`x\\\\`/vaultbar\""},
		{"/home/o'neil/vaultbar", `"/home/o'neil/vaultbar"`},
	} {
		got, err := execValue(tt.exe)
		if err != nil {
			t.Errorf("execValue(%q): %v", tt.exe, err)
			continue
		}
		if got != tt.want {
			t.Errorf("execValue(%q) = %s, want %s", tt.exe, got, tt.want)
		}
		if args := execArgs(t, got); len(args) != 1 || args[0] != tt.exe {
			t.Errorf("Exec=%s reads back as %q, want [%q]", got, args, tt.exe)
		}
	}
}

// A path the Exec key cannot hold is refused with a hint, never written half-right.
func TestExecValueRefuses(t *testing.T) {
	t.Parallel()
	for _, exe := range []string{"/opt/a=b/vaultbar", "/opt/line\nbreak/vaultbar", "/opt/tab\there", `/opt/back\slash/vaultbar`, "/opt/100%/vaultbar"} {
		if got, err := execValue(exe); err == nil {
			t.Errorf("execValue(%q) = %q, want an error", exe, got)
		} else if !strings.Contains(err.Error(), "cannot be an autostart entry's Exec") {
			t.Errorf("execValue(%q): %v", exe, err)
		}
	}
}

func TestDesktopEntry(t *testing.T) {
	t.Parallel()
	data, err := desktopEntry(`/opt/my apps/$x/vaultbar`)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, line := range []string{
		"[Desktop Entry]", "Type=Application", "Name=Vaultbar", "Icon=vaultbar",
		`Exec="/opt/my apps/\\$x/vaultbar"`, `TryExec=/opt/my apps/$x/vaultbar`,
		"X-GNOME-Autostart-enabled=true", markerKey + "=true",
	} {
		if !strings.Contains("\n"+text, "\n"+line+"\n") {
			t.Errorf("entry lacks the line %q:\n%s", line, text)
		}
	}
	e, err := parseEntry(data)
	if err != nil || e.hidden || !e.ours || e.tryExec != `/opt/my apps/$x/vaultbar` {
		t.Errorf("parseEntry = %+v, %v; want ours, shown, TryExec the path", e, err)
	}
}

// Keys of other groups (actions) and comments do not count; booleans are the spec's "true".
func TestParseEntry(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, text string
		want       entry
	}{
		{"hidden", "[Desktop Entry]\nHidden=true\n", entry{hidden: true}},
		{"hidden_false", "[Desktop Entry]\nHidden=false\n", entry{}},
		{"spaces_around", "[Desktop Entry]\n Hidden = true \nTryExec = vaultbar\n", entry{hidden: true, tryExec: "vaultbar"}},
		{"other_group", "[Desktop Entry]\nName=x\n[Desktop Action y]\nHidden=true\n" + markerKey + "=true\n", entry{}},
		{"comment", "# Hidden=true\n[Desktop Entry]\n#" + markerKey + "=true\n", entry{}},
		{"marker", "[Desktop Entry]\n" + markerKey + "=true\n", entry{ours: true}},
		{"tryexec_escapes", "[Desktop Entry]\nTryExec=/a\\sb\\\\c\n", entry{tryExec: `/a b\c`}},
	} {
		got, err := parseEntry([]byte(tt.text))
		if err != nil || got != tt.want {
			t.Errorf("%s: parseEntry = %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}
