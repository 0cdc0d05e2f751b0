package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// The shape of cmd/vaultbar's usage, with text that roff would take as requests or escapes.
const sampleUsage = `usage: tool [COMMAND] [FLAGS]

  tool                     run the menu-bar app
  tool list [--format=table|json]
  tool env PROFILE [--format=export|json]
                   [--no-session] [--duration=D]
  tool open [URL]          act on a tool:// URL (\n is not a newline)
  tool version

Global flags: --no-app (never through the app), --backend,
--file-dir (and their TOOL_* variables).
`

var samplePage = page{section: "1", version: "v1.2.3-4-gabc", date: "2026-01-02",
	summary:     "a tool's summary",
	description: `.SH INJECTED is text, as are 'quotes and a back\slash.`,
	seeAlso:     []string{"aws-vault(1)", "xdg-open(1)"}}

func TestParse(t *testing.T) {
	u, err := parse(sampleUsage)
	if err != nil {
		t.Fatal(err)
	}
	if u.name != "tool" || u.synopsis != "[COMMAND] [FLAGS]" {
		t.Errorf("name %q synopsis %q", u.name, u.synopsis)
	}
	want := []command{
		{"tool", "run the menu-bar app"},
		{"tool list [--format=table|json]", ""},
		{"tool env PROFILE [--format=export|json] [--no-session] [--duration=D]", ""},
		{"tool open [URL]", `act on a tool:// URL (\n is not a newline)`},
		{"tool version", ""},
	}
	if len(u.commands) != len(want) {
		t.Fatalf("commands %q, want %q", u.commands, want)
	}
	for i := range want {
		if u.commands[i] != want[i] {
			t.Errorf("command %d = %q, want %q", i, u.commands[i], want[i])
		}
	}
	if len(u.sections) != 1 || u.sections[0] != (section{"Global flags", "--no-app (never through the app), --backend, --file-dir (and their TOOL_* variables)."}) {
		t.Errorf("sections %q", u.sections)
	}
}

func TestParseRefusesOtherText(t *testing.T) {
	for name, text := range map[string]string{
		"not a usage":      "tool: unknown command\n",
		"no commands":      "usage: tool [COMMAND]\n\nGlobal flags: --x.\n",
		"stray paragraph":  "usage: tool\n\n  tool list\n\nsee the README\n",
		"continuation":     "usage: tool\n\n  [--x]\n  tool list\n",
		"unindented":       "usage: tool\n\n  tool list\nlist things\n",
		"two usage lines":  "usage: tool\nusage: other\n\n  tool list\n",
		"empty":            "",
		"another programs": "usage: tool\n\n  other list\n",
	} {
		if u, err := parse(text); err == nil {
			t.Errorf("%s: parsed %+v, want an error", name, u)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		`--no-app`:      `\-\-no\-app`,
		`a\b`:           `a\eb`,
		`\fBbold`:       `\efBbold`,
		`plain text`:    `plain text`,
		`aws-vault's`:   `aws\-vault's`,
		`"quoted" text`: `"quoted" text`,
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		".SH X": `\&.SH X`, "'br": `\&'br`, "  .TH": `\&.TH`, "a.b": "a.b",
	} {
		if got := line(in); got != want {
			t.Errorf("line(%q) = %q, want %q", in, got, want)
		}
	}
}

// The page renders with groff's man macros and every warning on (as lintian and man do),
// with the sections in order, the hostile description as literal text and flags intact.
func TestRenderReadsBackThroughGroff(t *testing.T) {
	groff := e2e.Tool(t, "groff")
	u, err := parse(sampleUsage)
	if err != nil {
		t.Fatal(err)
	}
	var roff bytes.Buffer
	if err := render(&roff, u, samplePage); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(groff, "-man", "-Tascii", "-ww", "-P-cbou", "-rLL=200n")
	cmd.Stdin = &roff
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("groff: %v\n%s\n%s", err, stderr.String(), roff.String())
	}
	text := out.String()
	last := -1
	for _, want := range []string{
		"TOOL(1)", "NAME", "tool - a tool's summary", "SYNOPSIS", "tool [COMMAND] [FLAGS]",
		"DESCRIPTION", `.SH INJECTED is text, as are 'quotes and a back\slash.`,
		"COMMANDS", "run the menu-bar app", "tool env PROFILE [--format=export|json] [--no-session] [--duration=D]",
		`act on a tool:// URL (\n is not a newline)`, "tool version",
		"GLOBAL FLAGS", "--no-app (never through the app), --backend, --file-dir (and their TOOL_* variables).",
		"SEE ALSO", "aws-vault(1), xdg-open(1)", "tool v1.2.3-4-gabc", "2026-01-02",
	} {
		i := strings.Index(text, want)
		if i < 0 {
			t.Errorf("the page lacks %q:\n%s", want, text)
			continue
		}
		if i < last {
			t.Errorf("%q is out of order:\n%s", want, text)
		}
		last = i
	}
}

func TestRunNeedsTheHeader(t *testing.T) {
	for _, p := range []page{{section: "1", date: "2026-01-02"}, {section: "1", summary: "s", date: "January"}} {
		if err := run(strings.NewReader(sampleUsage), &bytes.Buffer{}, p); err == nil {
			t.Errorf("run with %+v succeeded, want an error naming the missing flag", p)
		}
	}
	if err := render(&bytes.Buffer{}, usage{name: "tool"}, page{seeAlso: []string{"aws-vault"}}); err == nil {
		t.Error("a see-also entry without a section rendered")
	}
}
