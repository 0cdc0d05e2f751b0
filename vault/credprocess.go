package vault

import (
	"bytes"
	"context"
	"encoding/json"
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
	out, err := c.v.run(ctx, c.profile.CredentialProcess)
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

func runShell(ctx context.Context, command string, stderr io.Writer) ([]byte, error) {
	var cmd *exec.Cmd
	if runtime.GOOS == "windows" {
		cmd = exec.CommandContext(ctx, "cmd.exe", "/C", command)
	} else {
		cmd = exec.CommandContext(ctx, "/bin/sh", "-c", command)
	}
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("run %q: %w", firstWord(command), err)
	}
	return stdout.Bytes(), nil
}

// firstWord names a command without its arguments, which may hold secrets.
func firstWord(command string) string {
	if f := strings.Fields(command); len(f) > 0 {
		return f[0]
	}
	return command
}
