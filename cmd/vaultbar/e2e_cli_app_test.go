//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// Two terminals run `vaultbar env alice` (an MFA profile) at once while the app runs: the
// app asks once, in its dialog (the terminals have none), makes one STS call, and both print
// the same session. With the app stopped the same command works alone, from the keyring.
func TestE2ECLIGoesThroughTheRunningApp(t *testing.T) {
	a := startApp(t)
	env := func() (string, error) {
		cmd := exec.Command(a.w.vaultbar, "env", "alice")
		cmd.Env, cmd.Dir = a.cmd.Env, a.w.dir
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("vaultbar env alice: %w\n%s", err, errb.String())
		}
		return out.String(), nil
	}
	type result struct {
		out string
		err error
	}
	results := make(chan result, 2)
	for range 2 {
		go func() {
			out, err := env()
			results <- result{out, err}
		}()
	}
	a.answer(a.dialog(), "123456", "Return")
	var outs []string
	for range 2 {
		r := <-results
		must(t, r.err)
		outs = append(outs, r.out)
	}
	if outs[0] != outs[1] || !strings.Contains(outs[0], "export AWS_SESSION_TOKEN=") {
		t.Errorf("the two terminals printed\n%s\nand\n%s\nwant the same session", outs[0], outs[1])
	}
	if calls := a.w.fake.STS.CallsFor("GetSessionToken"); len(calls) != 1 {
		t.Errorf("GetSessionToken was called %d times, want once for both terminals", len(calls))
	}

	a.stopNow()
	alone, err := env()
	must(t, err)
	if alone != outs[0] {
		t.Errorf("without the app the command printed\n%s\nwant the cached session\n%s", alone, outs[0])
	}
}
