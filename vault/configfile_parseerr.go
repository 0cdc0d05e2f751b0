package vault

import (
	"bytes"
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// cfgParseError wraps an ini parse error in ErrConfig, naming the file and the line. ini.v1
// reports the offending text but not its line number, so the number is found by searching
// the data for that text.
func cfgParseError(path string, data []byte, err error) error {
	msg := err.Error()
	where := cmp.Or(path, "config")
	if n := cfgFindLine(data, cfgOffendingText(msg)); n > 0 {
		where = fmt.Sprintf("%s line %d", where, n)
	}
	wrapped := fmt.Errorf("%w: %s: %s", ErrConfig, where, cfgOneLine(msg))
	return WithHint(wrapped, "%s", cfgParseHint(msg))
}

// cfgOffendingText extracts the line ini.v1 quotes in its error message.
func cfgOffendingText(msg string) string {
	if rest, ok := strings.CutPrefix(msg, "missing closing key quote from "); ok {
		// Format: from %q to %q; the first quoted string is where the value began.
		if q, err := strconv.QuotedPrefix(rest); err == nil {
			if s, err := strconv.Unquote(q); err == nil {
				return strings.TrimSpace(s)
			}
		}
		return ""
	}
	if msg == "empty section name" {
		return "[]"
	}
	_, text, ok := strings.Cut(msg, ": ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(text)
}

// cfgFindLine returns the 1-based number of the first non-comment line that ends with
// text (ignoring surrounding space), or 0.
func cfgFindLine(data []byte, text string) int {
	if text == "" {
		return 0
	}
	// An empty section header may carry trailing text, e.g. "[] # note".
	prefixOnly := text == "[]"
	for i, line := range bytes.Split(data, []byte("\n")) {
		t := string(bytes.TrimSpace(line))
		if t == "" || t[0] == '#' || t[0] == ';' {
			continue
		}
		if prefixOnly && strings.HasPrefix(t, text) || !prefixOnly && strings.HasSuffix(t, text) {
			return i + 1
		}
	}
	return 0
}

// cfgParseHint suggests a fix for the kinds of mistakes ini.v1 rejects.
func cfgParseHint(msg string) string {
	switch {
	case strings.HasPrefix(msg, "unclosed section"):
		return "close the section header with ], e.g. [profile NAME]"
	case strings.HasPrefix(msg, "empty section name"):
		return "name the section, e.g. [profile NAME]"
	case strings.HasPrefix(msg, "key-value delimiter not found"),
		strings.HasPrefix(msg, "empty key name"):
		return "write settings as key = value and start comments with #"
	case strings.HasPrefix(msg, "missing closing key quote"):
		return "close the quote or remove it"
	}
	return "fix the INI syntax of the file"
}

// cfgOneLine keeps an error on one line: ini quotes raw lines, newline included.
func cfgOneLine(s string) string {
	return strings.TrimSpace(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s))
}
