package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// parseFlags parses fs from args where flags and positional arguments may be mixed, as in
// `vaultbar env prod --format=json`. Everything after "--" is returned as rest, unparsed;
// so is everything after the first maxPos positionals when maxPos >= 0 and there is no "--"
// (exec's command: `vaultbar exec prod aws s3 ls --recursive`).
func parseFlags(fs *flag.FlagSet, args []string, maxPos int) (pos, rest []string, err error) {
	fs.SetOutput(io.Discard)
	if slices.Contains(args, "--") {
		maxPos = -1
	}
	var flags []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = args[i+1:]
			i = len(args)
		case maxPos >= 0 && len(pos) == maxPos:
			rest = args[i:]
			i = len(args)
		case strings.HasPrefix(a, "-") && a != "-":
			flags = append(flags, a)
			if takesValue(fs, a) && i+1 < len(args) {
				i++
				flags = append(flags, args[i])
			}
		default:
			pos = append(pos, a)
		}
	}
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, &helpError{name: fs.Name(), fs: fs}
		}
		return nil, nil, usagef("%s: %v", fs.Name(), err)
	}
	return pos, rest, nil
}

// takesValue reports whether a flag written without "=" consumes the next argument.
func takesValue(fs *flag.FlagSet, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// oneOf validates an enumerated flag value.
func oneOf(flagName, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return usagef("--%s must be one of %s, not %q", flagName, strings.Join(allowed, ", "), value)
}
