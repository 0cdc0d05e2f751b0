package main

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// usage is a command's usage text as its help prints it:
//
//	usage: NAME [ARGS]
//
//	  NAME SUB ARGS      what it does
//	       more ARGS     (a continuation: indented further, not starting with NAME)
//
//	Heading: a paragraph, possibly over several lines.
type usage struct {
	name     string // the program, the first word after "usage:"
	synopsis string // the rest of the usage line
	commands []command
	sections []section // "Heading: text" paragraphs, in order
}

type command struct {
	line string // "NAME sub [ARGS]", continuations joined with a space
	what string // the description after the column gap; may be empty
}

type section struct{ heading, text string }

// gap is the run of blanks that separates a command line from its description.
var gap = regexp.MustCompile(`\s{2,}`)

// heading matches a paragraph's "Heading:" start: words, no flags or paths.
var heading = regexp.MustCompile(`(?s)^([A-Z][A-Za-z ]*):\s+(.*)$`)

// parse reads a usage text; it fails when the text has none of the expected shape, so a
// changed help output breaks the build instead of shipping an empty page.
func parse(text string) (usage, error) {
	var u usage
	paras := strings.Split(strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n")), "\n\n")
	first, ok := strings.CutPrefix(paras[0], "usage: ")
	if !ok || strings.Contains(first, "\n") {
		return u, errors.New(`the text does not start with one "usage: NAME ..." line (is it the output of help?)`)
	}
	u.name, u.synopsis, _ = strings.Cut(first, " ")
	for _, p := range paras[1:] {
		switch {
		case strings.HasPrefix(p, "  "+u.name):
			cmds, err := parseCommands(p, u.name)
			if err != nil {
				return u, err
			}
			u.commands = append(u.commands, cmds...)
		case heading.MatchString(p):
			m := heading.FindStringSubmatch(p)
			u.sections = append(u.sections, section{heading: m[1], text: strings.Join(strings.Fields(m[2]), " ")})
		default:
			return u, fmt.Errorf("paragraph %q is neither a command list nor a \"Heading: text\" paragraph", clip(p))
		}
	}
	if len(u.commands) == 0 {
		return u, errors.New("the usage lists no commands (lines starting with two blanks and " + u.name + ")")
	}
	return u, nil
}

// parseCommands reads the indented command lines of one paragraph.
func parseCommands(p, name string) ([]command, error) {
	var cmds []command
	for _, line := range strings.Split(p, "\n") {
		trimmed := strings.TrimSpace(line)
		if !strings.HasPrefix(line, "  ") || trimmed == "" {
			return nil, fmt.Errorf("command line %q is not indented", clip(line))
		}
		if trimmed != name && !strings.HasPrefix(trimmed, name+" ") {
			if len(cmds) == 0 {
				return nil, fmt.Errorf("continuation %q has no command before it", clip(line))
			}
			c := &cmds[len(cmds)-1]
			c.line += " " + strings.Join(strings.Fields(trimmed), " ")
			continue
		}
		parts := gap.Split(trimmed, 2)
		c := command{line: parts[0]}
		if len(parts) == 2 {
			c.what = parts[1]
		}
		cmds = append(cmds, c)
	}
	return cmds, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}
