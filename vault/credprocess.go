package vault

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// processProvider runs a profile's credential_process and reads the AWS process-credentials
// document from its stdout. Like aws-vault it wants temporary credentials with an expiry.
type processProvider struct {
	v       *Vault
	profile *Profile
}

type processOutput struct {
	Version         int
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string
	SessionToken    string
	Expiration      *time.Time
}

func (c *processProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	what := "credential_process of profile " + c.profile.Name
	start := time.Now()
	out, err := c.v.run(ctx, c.profile.CredentialProcess)
	c.v.debug.Printf("process: ran the %s in %s", what, time.Since(start).Round(time.Microsecond))
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("%s: %w", what, err)
	}
	var doc processOutput
	if err := json.Unmarshal(out, &doc); err != nil {
		// The output may hold secrets: name the problem, never echo it.
		return aws.Credentials{}, WithHint(fmt.Errorf("%s: output is not a credentials json document", what),
			"the command must print {\"Version\":1,\"AccessKeyId\":...} on stdout")
	}
	if doc.Version != 1 || doc.AccessKeyID == "" || doc.SecretAccessKey == "" || doc.SessionToken == "" || doc.Expiration == nil {
		return aws.Credentials{}, WithHint(fmt.Errorf("%s: output lacks Version 1, AccessKeyId, SecretAccessKey, SessionToken or Expiration", what),
			"vaultbar caches process credentials, so they must be temporary")
	}
	return aws.Credentials{AccessKeyID: doc.AccessKeyID, SecretAccessKey: doc.SecretAccessKey,
		SessionToken: doc.SessionToken, Source: "credential_process", CanExpire: true, Expires: doc.Expiration.UTC()}, nil
}

// ShellRunner returns a RunProcess that runs command with sh -c (cmd.exe /C on Windows), as
// aws-vault does, and returns stdout. The command's stderr goes to stderr (nil discards it):
// tools like ykman print "touch your key" there.
func ShellRunner(stderr io.Writer) RunProcess {
	return func(ctx context.Context, command string) ([]byte, error) {
		return runShell(ctx, command, stderr)
	}
}

// maxProcessOutput caps what a credential_process or mfa_process may print: a credentials
// document is a few kilobytes, and an unbounded read let a runaway command take all memory.
const maxProcessOutput = 1 << 20

func runShell(ctx context.Context, command string, stderr io.Writer) ([]byte, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var cmd *exec.Cmd
	if runtime.GOOS == "windows" {
		cmd = exec.CommandContext(ctx, "cmd.exe", "/C", command)
	} else {
		cmd = exec.CommandContext(ctx, "/bin/sh", "-c", command)
	}
	stdout := &cappedBuffer{max: maxProcessOutput, full: cancel}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err := cmd.Run()
	if stdout.over {
		return nil, WithHint(fmt.Errorf("run %q: output exceeds %d KiB; stopped it", firstWord(command), maxProcessOutput>>10),
			"the command must print only the credentials json document (or the mfa code) on stdout")
	}
	if err != nil {
		return nil, fmt.Errorf("run %q: %w", firstWord(command), err)
	}
	return stdout.buf.Bytes(), nil
}

// cappedBuffer keeps up to max bytes; past that it calls full (which kills the command) and
// fails the write, so a command that never stops printing costs max bytes, not all memory.
// The buffer is a field, not embedded: io.Copy would use an embedded Buffer's ReadFrom and
// bypass Write.
type cappedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
	full func()
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.over || b.buf.Len()+len(p) > b.max {
		b.over = true
		b.full()
		return 0, errOutputTooLarge
	}
	return b.buf.Write(p)
}

var errOutputTooLarge = errors.New("output too large")

// firstWord names a command without its arguments, which may hold secrets.
func firstWord(command string) string {
	if f := strings.Fields(command); len(f) > 0 {
		return f[0]
	}
	return command
}
