package control_test

import (
	"bufio"
	"bytes"
	"net"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/control"
)

// Whatever a client sends, it gets one error reply, the handler never sees it, and the app
// goes on answering the next client.
func TestBadInputNeverStopsTheServer(t *testing.T) {
	t.Parallel()
	a := serve(t, control.ListenOptions{})
	c := dial(t, a.dir)
	huge := bytes.Repeat([]byte("A"), 10<<20)
	hugeJSON := append(append([]byte(`{"v":1,"op":"echo","body":"`), huge...), []byte("\"}\n")...)
	tests := []struct {
		name       string
		payload    []byte
		closeWrite bool
		code       string
		unread     bool // the app must answer without reading it all
	}{
		{"garbage bytes", []byte("\x00\xff\xfe\x01garbage\r\n"), false, control.CodeBadRequest, false},
		{"invalid JSON", []byte(`{"v":1,"op":` + "\n"), false, control.CodeBadRequest, false},
		{"not an object", []byte(`[1,2,3]` + "\n"), false, control.CodeBadRequest, false},
		{"wrong version", []byte(`{"v":2,"op":"echo"}` + "\n"), false, control.CodeVersion, false},
		{"no version", []byte(`{"op":"echo"}` + "\n"), false, control.CodeVersion, false},
		{"no op", []byte(`{"v":1}` + "\n"), false, control.CodeBadRequest, false},
		{"no newline before the end", []byte(`{"v":1,"op":"echo"}`), true, control.CodeBadRequest, false},
		{"10 MB without a newline", huge, false, control.CodeTooLarge, true},
		{"10 MB of JSON", hugeJSON, false, control.CodeTooLarge, true},
	}
	for _, tt := range tests {
		r, werr := raw(t, a.srv.Path(), tt.payload, tt.closeWrite)
		if r.V != control.Version || r.OK || r.Error == nil || r.Error.Code != tt.code || r.Error.Message == "" || r.Error.Hint == "" {
			t.Errorf("%s: reply %+v, want error %q with a message and a hint", tt.name, r.Error, tt.code)
		}
		if tt.unread && werr == nil {
			t.Errorf("%s: the app read all %d bytes", tt.name, len(tt.payload))
		}
		echo(t, c, "after "+tt.name)
	}
	if n := a.calls.Load(); n != int32(len(tests)) {
		t.Errorf("handler ran %d times, want %d (the echoes only)", n, len(tests))
	}
}

// A client that connects and says nothing gets a timeout reply, and meanwhile others are
// served.
func TestSilentClientTimesOut(t *testing.T) {
	t.Parallel()
	a := serve(t, control.ListenOptions{ReadTimeout: 300 * time.Millisecond})
	silent, err := net.Dial("unix", a.srv.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	echo(t, dial(t, a.dir), "not blocked")
	_ = silent.SetReadDeadline(time.Now().Add(30 * time.Second))
	line, err := bufio.NewReader(silent).ReadBytes('\n')
	if err != nil || !bytes.Contains(line, []byte(`"code":"timeout"`)) {
		t.Errorf("silent client: %q, %v; want a %q reply", line, err, control.CodeTimeout)
	}
	// Half a request, then silence, is the same.
	r, _ := raw(t, a.srv.Path(), []byte(`{"v":1,`), false)
	if r.Error == nil || r.Error.Code != control.CodeTimeout {
		t.Errorf("half a request: %+v, want %q", r.Error, control.CodeTimeout)
	}
}
