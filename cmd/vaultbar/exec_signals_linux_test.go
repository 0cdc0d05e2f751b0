package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/app"
	"github.com/vaultbar/vaultbar/internal/panel"
)

// signalChild traps every signal a terminal or a user sends and prints its name; on TERM it
// waits for a line on stdin before it exits 7, so the test sees who exits first.
const signalChild = `
for s in INT HUP QUIT USR1 USR2 WINCH TSTP CONT; do trap "echo $s" $s; done
trap 'echo TERM; read line; kill $sleeper; exit 7' TERM
sleep 600 & sleeper=$!
echo "ready $$"
while :; do wait $sleeper; done
`

// exec forwards each signal to its child, and exits only after the child, with its status.
func TestExecForwardsSignals(t *testing.T) {
	t.Parallel()
	c := newCLI(t, aliceConfig)
	c.addAlice()
	cmd := exec.Command(vaultbarBinary(t), "exec", "alice", "--mfa-token="+goodCode, "--", "sh", "-c", signalChild)
	cmd.Env = app.EnvironList(c.env)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines, exited := make(chan string), make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait() // after stdout is drained, as os/exec requires
	}()
	next := func(want string) string {
		t.Helper()
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("vaultbar ended before its child printed %q; stderr %q", want, stderr.String())
			}
			if !strings.HasPrefix(line, want) {
				t.Fatalf("child printed %q, want %q", line, want)
			}
			return line
		case <-time.After(20 * time.Second):
			t.Fatalf("child did not print %q; stderr %q", want, stderr.String())
		}
		return ""
	}
	signal := func(s syscall.Signal) {
		t.Helper()
		if err := cmd.Process.Signal(s); err != nil {
			t.Fatalf("send %v: %v", s, err)
		}
	}
	childPID, err := strconv.Atoi(strings.TrimPrefix(next("ready "), "ready "))
	if err != nil {
		t.Fatal(err)
	}

	for _, s := range []struct {
		sig  syscall.Signal
		name string
	}{{syscall.SIGINT, "INT"}, {syscall.SIGHUP, "HUP"}, {syscall.SIGQUIT, "QUIT"}, {syscall.SIGUSR1, "USR1"},
		{syscall.SIGUSR2, "USR2"}, {syscall.SIGWINCH, "WINCH"}} {
		signal(s.sig)
		next(s.name)
	}

	// ^Z stops the child and then vaultbar, so a shell sees the whole job stopped; CONT
	// (the shell's fg) resumes both.
	signal(syscall.SIGTSTP)
	next("TSTP")
	panel.Poll(t, 20*time.Second, "vaultbar to stop", func() (bool, string) {
		state := processState(cmd.Process.Pid)
		return state == "T", state
	})
	signal(syscall.SIGCONT)
	next("CONT")

	signal(syscall.SIGTERM)
	next("TERM")
	// The child now waits for a line; vaultbar must wait for the child.
	if _, err := io.WriteString(stdin, "exit\n"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 7 {
			t.Errorf("vaultbar exited with %v, want the child's status 7; stderr %q", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("vaultbar did not exit after its child: vaultbar state %q, child state %q, stderr %q",
			processState(cmd.Process.Pid), processState(childPID), stderr.String())
	}
	if err := syscall.Kill(childPID, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("the child %d outlived vaultbar (kill 0: %v)", childPID, err)
	}
	if stderr.String() != "" {
		t.Errorf("vaultbar wrote to stderr: %q", stderr.String())
	}
}

// processState is the state letter of /proc/PID/stat ("T" when stopped).
func processState(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return err.Error()
	}
	if f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:])); len(f) > 0 {
		return f[0]
	}
	return string(b)
}
