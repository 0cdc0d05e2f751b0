package login

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Launch runs a real process: the AWS_* variables are gone, the others arrive, stdin is the
// null device, and the child leads a session of its own.
func TestLaunchDetachedWithoutAWSEnv(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	// The child reports from /proc itself, so the test does not race its exit.
	script := `read -r stat < /proc/$$/stat; set -- ${stat##*) }; ` + // fields after "(comm) ": state ppid pgrp session
		`printf 'secret=%s|token=%s|keep=%s|pid=%s|sid=%s|stdin=%s\n' "${AWS_SECRET_ACCESS_KEY-unset}" "${AWS_SESSION_TOKEN-unset}" ` +
		`"$KEEP_ME" "$$" "$4" "$(readlink /proc/$$/fd/0)" > "$OUT.tmp" && mv "$OUT.tmp" "$OUT"`
	env := []string{"PATH=" + os.Getenv("PATH"), "OUT=" + out, "KEEP_ME=kept", "AWS_SECRET_ACCESS_KEY=leaked", "AWS_SESSION_TOKEN=leaked"}

	pid, err := Launch(context.Background(), []string{"/bin/sh", "-c", script}, env)
	if err != nil {
		t.Fatal(err)
	}

	var got string
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for got == "" {
		if b, err := os.ReadFile(out); err == nil {
			got = strings.TrimSpace(string(b))
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the launched process wrote nothing within 10s")
		}
		<-tick.C
	}
	f := map[string]string{}
	for _, kv := range strings.Split(got, "|") {
		k, v, _ := strings.Cut(kv, "=")
		f[k] = v
	}
	if f["secret"] != "unset" || f["token"] != "unset" {
		t.Errorf("AWS variables reached the browser: %q", got)
	}
	if f["keep"] != "kept" {
		t.Errorf("other variables were lost: %q", got)
	}
	if f["pid"] != strconv.Itoa(pid) {
		t.Errorf("Launch returned pid %d, the child is %s", pid, f["pid"])
	}
	ours := ourSession(t)
	// Setsid makes the child a session leader: its session id is its own pid, not ours.
	if f["sid"] != f["pid"] || f["sid"] == ours {
		t.Errorf("child session %s (pid %s), ours %s: not detached", f["sid"], f["pid"], ours)
	}
	if f["stdin"] != os.DevNull {
		t.Errorf("stdin is %q, want %s", f["stdin"], os.DevNull)
	}
}

// ourSession is field 6 (session id) of /proc/self/stat.
func ourSession(t *testing.T) string {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // state ppid pgrp session ...
	return fields[3]
}
