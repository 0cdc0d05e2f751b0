package fakeaws

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// WireFault breaks the fake's answers below the STS protocol, as a stalled network, a broken
// proxy or a captive portal would. The call is still recorded and handled (credentials are
// issued); only what reaches the client is mangled. For a call that is accepted and never
// answered at all, use [STS.Hold].
type WireFault int

const (
	// WireOK answers normally.
	WireOK WireFault = iota
	// WireTrickle sends the status and headers at once, then a body of whitespace one byte
	// at a time until the client goes away or the fault is cleared: the answer never
	// completes.
	WireTrickle
	// WireOversize sends the real answer behind an XML comment of OversizeBytes bytes, so
	// that the answer is well-formed and valid, only huge.
	WireOversize
	// WireTruncate declares the real answer's Content-Length, sends its first half and closes
	// the connection.
	WireTruncate
)

// OversizeBytes is how much padding WireOversize adds: twice the 1 MiB cap Vaultbar puts on
// an answer, and far beyond any real STS answer (a few kilobytes).
const OversizeBytes = 2 << 20

// trickleEvery spaces WireTrickle's bytes.
const trickleEvery = 20 * time.Millisecond

// SetWireFault makes every later answer arrive broken as f says, until SetWireFault(WireOK);
// a new setting also ends the answers still trickling.
func (s *STS) SetWireFault(f WireFault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.wireSet != nil {
		close(s.wireSet)
	}
	s.wire, s.wireSet = f, make(chan struct{})
}

// wireFault is the fault in force, and a channel closed when it changes.
func (s *STS) wireFault() (WireFault, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wire, s.wireSet
}

// deliver writes the recorded answer rec to w, broken as f says, until changed is closed.
func (f WireFault) deliver(w http.ResponseWriter, r *http.Request, rec *httptest.ResponseRecorder, changed <-chan struct{}) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	body := rec.Body.Bytes()
	switch f {
	case WireTrickle:
		w.WriteHeader(rec.Code)
		tick := time.NewTicker(trickleEvery)
		defer tick.Stop()
		for {
			if _, err := w.Write([]byte{' '}); err != nil {
				return
			}
			_ = http.NewResponseController(w).Flush() // a gone client shows on the next Write
			select {
			case <-tick.C:
			case <-r.Context().Done():
				return
			case <-changed:
				return
			}
		}
	case WireOversize:
		w.WriteHeader(rec.Code)
		_, _ = w.Write([]byte("<!--"))
		_, _ = w.Write(bytes.Repeat([]byte("x"), OversizeBytes))
		_, _ = w.Write([]byte("-->"))
		_, _ = w.Write(body)
	case WireTruncate:
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body[:len(body)/2])
		// Returning short of Content-Length makes net/http close the connection.
	default:
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	}
}
