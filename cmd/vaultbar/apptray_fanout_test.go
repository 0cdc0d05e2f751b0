//go:build cgo || !darwin

package main

import (
	"context"
	"testing"
)

// One opening of the menu reaches both the keyring reload and the key-age fetch.
func TestFanOutReachesEveryListener(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in, a, b := make(chan struct{}), make(chan struct{}, 1), make(chan struct{}, 1)
	go fanOut(ctx, in, a, b)
	in <- struct{}{}
	in <- struct{}{} // taken only after the first was passed on to both
	<-a
	<-b
}
