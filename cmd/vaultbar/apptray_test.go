//go:build cgo || !darwin

package main

import (
	"context"
	"testing"
	"time"
)

// Opening the menu re-reads the keyring, but not more than once per interval.
func TestReloadWhenOpenedIsRateLimited(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opened, reload := make(chan struct{}), make(chan struct{}, 1)
	go reloadWhenOpened(ctx, opened, reload, time.Hour)
	opened <- struct{}{}
	select {
	case <-reload:
	case <-time.After(10 * time.Second):
		t.Fatal("the first opening did not reload")
	}
	opened <- struct{}{}
	opened <- struct{}{} // handed over: the first of these was fully handled
	if len(reload) != 0 {
		t.Error("openings within the interval reloaded again")
	}
}
