package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Credentials that arrive expired, or with less than the minimum TTL left, are refused: env
// prints nothing, exec never starts its child, nothing is cached, and the one error line
// points at the clock or the credential_process.
func TestExpiredCredentialsAreRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		profile string
		setup   func(c *cli)
		flags   []string
		want    []string
	}{
		{name: "sts_answer_expired", profile: "alice", flags: []string{"--mfa-token=" + goodCode},
			setup: func(c *cli) {
				c.addAlice()
				// The fake STS's clock is two hours behind: its one-hour session expired an hour ago.
				c.fake.STS.Now = func() time.Time { return time.Now().Add(-2 * time.Hour) }
			},
			want: []string{"profile alice", "sts.GetSessionToken answered credentials that expired at", "1h0m", "hint: check this machine's clock"}},
		{name: "sts_answer_within_min_ttl", profile: "alice", flags: []string{"--mfa-token=" + goodCode},
			setup: func(c *cli) {
				c.addAlice()
				c.fake.STS.Now = func() time.Time { return time.Now().Add(-58 * time.Minute) }
			},
			want: []string{"profile alice", "within the minimum ttl of 5m0s", "hint: check this machine's clock"}},
		{name: "process_expired_an_hour_ago", profile: "evil",
			setup: func(c *cli) {
				c.processProfile(processDocument(validProcKeyID, validProcSecret, validProcToken, time.Now().Add(-time.Hour)))
			},
			want: []string{"profile evil", "credential_process answered credentials that expired at", "hint: the credential_process of profile evil"}},
		{name: "process_within_aws_min_ttl", profile: "evil",
			setup: func(c *cli) {
				c.env["AWS_MIN_TTL"] = "15m"
				c.processProfile(processDocument(validProcKeyID, validProcSecret, validProcToken, time.Now().Add(10*time.Minute)))
			},
			want: []string{"profile evil", "within the minimum ttl of 15m0s", "AWS_MIN_TTL (15m0s) is shorter"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, aliceConfig)
			tt.setup(c)
			before := c.keyFiles()
			ran := filepath.Join(c.dir, "child-ran")
			for _, args := range [][]string{
				append([]string{"env", tt.profile}, tt.flags...),
				append(append([]string{"exec", tt.profile}, tt.flags...), "--", "sh", "-c", "touch '"+ran+"'"),
			} {
				r := c.run("", args...)
				msg := strings.TrimSuffix(r.err, "\n")
				if r.code != 1 || r.out != "" || strings.Contains(msg, "\n") {
					t.Errorf("%v: exit %d, stdout %q, stderr %q; want 1, nothing printed and one error line", args, r.code, r.out, r.err)
				}
				for _, w := range tt.want {
					if !strings.Contains(msg, w) {
						t.Errorf("%v: error %q does not say %q", args, msg, w)
					}
				}
			}
			c.refusedWithoutEffect(t, ran, before)
		})
	}
}

// Credentials with more than the minimum TTL left still work, however short their life: the
// fake STS's session has 10 minutes left, the default minimum is 5.
func TestShortLivedCredentialsStillServe(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	c.fake.STS.Now = func() time.Time { return time.Now().Add(-50 * time.Minute) }
	if out := c.ok("env", "alice", "--mfa-token="+goodCode); !strings.Contains(out, "AWS_SESSION_TOKEN=") {
		t.Errorf("env printed %q, want the session", out)
	}
}
