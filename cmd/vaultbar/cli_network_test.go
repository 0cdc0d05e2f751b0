package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/fakeaws"
	"github.com/vaultbar/vaultbar/vault"
)

// shortLimits stand in for the 30-second default per AWS call.
var shortLimits = vault.CallLimits{Timeout: 500 * time.Millisecond}

// runLimited is cli.run with every AWS call bounded by limits.
func (c *cli) runLimited(ctx context.Context, limits vault.CallLimits, args ...string) result {
	c.t.Helper()
	var out, errb bytes.Buffer
	a := &invocation{env: c.env, io: stdio{in: strings.NewReader(""), out: &out, err: &errb}, limits: limits}
	code := a.run(ctx, args)
	return result{out.String(), errb.String(), code}
}

// breakSTS breaks the fake's answers one way; the returned function mends them.
type breakSTS func(f *fakeaws.Fake) (mend func())

func wireFault(w fakeaws.WireFault) breakSTS {
	return func(f *fakeaws.Fake) func() {
		f.STS.SetWireFault(w)
		return func() { f.STS.SetWireFault(fakeaws.WireOK) }
	}
}

func hold(f *fakeaws.Fake) func() { return f.STS.Hold() }

// `vaultbar env` against an STS that never answers, trickles, answers too much or answers
// half fails after the (shortened) deadline at most, with one line, its reason and a hint.
func TestEnvFailsWithOneLineWhenSTSIsBroken(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		breakIt breakSTS
		want    string
	}{
		{"never_answers", hold, "cannot reach aws sts: no answer within 500ms (hint: check the network connection, HTTPS_PROXY"},
		{"trickles_forever", wireFault(fakeaws.WireTrickle), "cannot reach aws sts: no answer within 500ms (hint: "},
		{"oversize", wireFault(fakeaws.WireOversize), "unreadable answer from aws sts: the answer is larger than 1 MiB (hint: "},
		{"truncated", wireFault(fakeaws.WireTruncate), "unreadable answer from aws sts: it was cut off or garbled (hint: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, aliceConfig)
			c.addAlice()
			defer tc.breakIt(c.fake)()
			// The outer bound only keeps a broken build from hanging the test run.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			start := time.Now()
			r := c.runLimited(ctx, shortLimits, "env", "alice", "--mfa-token="+goodCode)
			took := time.Since(start)
			if r.code != 1 || r.out != "" {
				t.Fatalf("exit %d, stdout %q; want 1 and nothing printed", r.code, r.out)
			}
			if lines := strings.Split(strings.TrimSuffix(r.err, "\n"), "\n"); len(lines) != 1 || !strings.Contains(lines[0], tc.want) {
				t.Errorf("stderr %q: want one line with %q", r.err, tc.want)
			}
			// Well above 500 ms for a loaded machine, well below the 10 s outer bound.
			if took > 5*time.Second {
				t.Errorf("took %s, want about the 500ms deadline", took)
			}
		})
	}
}

// `serve --help` says that the EC2 server serves every local user and points to ECS.
func TestServeHelpWarnsThatEC2ServesAnyLocalUser(t *testing.T) {
	t.Parallel()
	c := newCLI(t, "")
	out := c.ok("serve", "--help")
	for _, want := range []string{"--ec2=ADDR", "serves any local user", "On a shared machine,\nuse the ECS server"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve --help lacks %q:\n%s", want, out)
		}
	}
}
