package main

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// awsVaultFlag is one flag line of kingpin's help: `  -d, --duration=DURATION`, `--[no-]debug`.
var awsVaultFlag = regexp.MustCompile(`(?m)^\s+(?:-([a-zA-Z]), )?--(?:\[no-\])?([a-z0-9-]+)`)

// Every flag aws-vault v7.2.0's help lists for a command, global ones included, is in
// vaultbar's help of that command, with the same one-letter form, so a command line written
// for aws-vault parses. Left out: kingpin's own (--help-long, --version).
func TestE2EHelpHasAWSVaultFlags(t *testing.T) {
	av := e2e.AWSVault(t)
	vb := vaultbarBinary(t)
	skip := map[string]bool{"help": true, "help-long": true, "help-man": true, "version": true}
	for _, cmd := range []string{"add", "list", "exec", "export", "login", "remove", "clear"} {
		avHelp, err := exec.Command(av, cmd, "--help").CombinedOutput()
		if err != nil {
			t.Fatalf("aws-vault %s --help: %v: %s", cmd, err, avHelp)
		}
		vbHelp, err := exec.Command(vb, "help", cmd).Output()
		if err != nil {
			t.Fatalf("vaultbar help %s: %v", cmd, err)
		}
		flags := awsVaultFlag.FindAllStringSubmatch(string(avHelp), -1)
		if len(flags) < 8 {
			t.Fatalf("aws-vault %s --help lists %d flags; the help format changed:\n%s", cmd, len(flags), avHelp)
		}
		for _, f := range flags {
			short, long := f[1], f[2]
			if skip[long] || skip[cmd+" --"+long] {
				continue
			}
			line := regexp.MustCompile(`(?m)^  (?:-\w, )*(?:--[\w-]+, )*--` + regexp.QuoteMeta(long) + `\b.*$`).FindString(string(vbHelp))
			switch {
			case line == "":
				t.Errorf("vaultbar help %s has no --%s (aws-vault has it)", cmd, long)
			case short != "" && !strings.Contains(line, "-"+short+", "):
				t.Errorf("vaultbar help %s: %q, want the short form -%s as aws-vault has", cmd, line, short)
			}
		}
	}
}
