package autostart

import (
	"slices"
	"testing"
)

// The Run value starts the binary even when its path has spaces (Explorer splits an unquoted
// command line at the first one).
func TestRunValue(t *testing.T) {
	t.Parallel()
	got := RunValue(`C:\Program Files\Vaultbar\vaultbar.exe`)
	want := RegValue{Key: `Software\Microsoft\Windows\CurrentVersion\Run`, Name: "Vaultbar",
		Data: `"C:\Program Files\Vaultbar\vaultbar.exe"`}
	if got != want {
		t.Errorf("RunValue = %+v, want %+v", got, want)
	}
}

// vaultbar:// is a URL scheme for Windows only with the empty "URL Protocol" value; the command
// passes the link as one quoted argument to the quoted binary.
func TestURLSchemeValues(t *testing.T) {
	t.Parallel()
	exe := `C:\Users\Ann Lee\AppData\Local\Vaultbar\vaultbar.exe`
	want := []RegValue{
		{Key: `Software\Classes\vaultbar`, Name: "", Data: "URL:Vaultbar"},
		{Key: `Software\Classes\vaultbar`, Name: "URL Protocol", Data: ""},
		{Key: `Software\Classes\vaultbar\DefaultIcon`, Name: "", Data: exe + ",0"},
		{Key: `Software\Classes\vaultbar\shell\open\command`, Name: "", Data: `"` + exe + `" "%1"`},
	}
	if got := URLSchemeValues(exe); !slices.Equal(got, want) {
		t.Errorf("URLSchemeValues =\n%+v\nwant\n%+v", got, want)
	}
}

// Task Manager marks a Run entry disabled with an odd first byte, enabled with an even one.
func TestStartupDisabled(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		data []byte
		want bool
	}{
		{nil, false},
		{[]byte{2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false},
		{[]byte{6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false},
		{[]byte{3, 0, 0, 0, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x01}, true},
		{[]byte{7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, true},
	} {
		if got := startupDisabled(tt.data); got != tt.want {
			t.Errorf("startupDisabled(% x) = %v, want %v", tt.data, got, tt.want)
		}
	}
}
