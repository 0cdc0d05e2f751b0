package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// helpError is a command's -h or --help: its own usage is printed on stdout, exit 0. It is
// flag.ErrHelp to errors.Is, so a command with a hand-written help (serve) keeps it.
type helpError struct {
	name string        // the command, as the usage names it ("exec", "sso populate")
	fs   *flag.FlagSet // its flags; nil for a command without any
}

func (e *helpError) Error() string { return flag.ErrHelp.Error() }
func (e *helpError) Unwrap() error { return flag.ErrHelp }

// isHelpFlag reports whether arg asks for help, as the flag package understands it.
func isHelpFlag(arg string) bool {
	return slices.Contains([]string{"-h", "--h", "-help", "--help"}, arg)
}

// writeCommandHelp prints one command's usage: its lines of the general usage (so the two
// cannot disagree), its own flags with their short forms (`-d, --duration=DURATION`, as
// aws-vault's help shows them), then the global flags.
func writeCommandHelp(out io.Writer, e *helpError) error {
	bw := bufio.NewWriter(out)
	synopsis, about := commandUsage(e.name)
	fmt.Fprintf(bw, "usage: %s\n", strings.Join(synopsis, "\n       "))
	if about != "" {
		fmt.Fprintf(bw, "\n%s\n", about)
	}
	if e.fs != nil {
		own, global := flagLines(e.fs)
		writeFlagSection(bw, "Flags", own)
		writeFlagSection(bw, "Global flags", global)
	}
	return bw.Flush()
}

// commandUsage is the command's lines of usage, each with its continuation lines joined and
// without indentation, and the description written after a synopsis ("" when none is).
func commandUsage(name string) (synopsis []string, about string) {
	in := false
	for _, l := range strings.Split(usage, "\n") {
		t := strings.TrimSpace(l)
		text, desc, _ := strings.Cut(t, "   ")
		switch {
		case t == "vaultbar "+name || strings.HasPrefix(t, "vaultbar "+name+" "):
			in = true
			synopsis = append(synopsis, text)
			about = cmp.Or(about, strings.TrimSpace(desc))
		case in && strings.HasPrefix(l, "   ") && !strings.HasPrefix(t, "vaultbar"):
			synopsis[len(synopsis)-1] += " " + t
		default:
			in = false
		}
	}
	if len(synopsis) == 0 {
		synopsis = []string{"vaultbar " + name}
	}
	return synopsis, about
}

// flagLine is one flag of a help text: its names and its description.
type flagLine struct{ names, usage string }

// flagLines splits fs's flags into the command's own and the global ones (those flagSet
// registers on every command). A one-letter flag whose usage is "short for --NAME" is
// written with NAME, not on a line of its own.
func flagLines(fs *flag.FlagSet) (own, global []flagLine) {
	globals := map[string]bool{}
	(&invocation{}).flagSet("").VisitAll(func(f *flag.Flag) { globals[f.Name] = true })
	shorts := map[string][]string{}
	fs.VisitAll(func(f *flag.Flag) {
		if long, ok := strings.CutPrefix(f.Usage, "short for --"); ok {
			shorts[long] = append(shorts[long], f.Name)
		}
	})
	fs.VisitAll(func(f *flag.Flag) {
		if strings.HasPrefix(f.Usage, "short for --") {
			return
		}
		var names []string
		for _, s := range shorts[f.Name] {
			names = append(names, dashes(s))
		}
		_, usage := flag.UnquoteUsage(f)
		long := dashes(f.Name)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			long += "=" + cmp.Or(placeholders[f.Name], strings.ToUpper(f.Name)) // kingpin's, unless shorter
		}
		l := flagLine{names: strings.Join(append(names, long), ", "), usage: usage}
		if globals[f.Name] {
			global = append(global, l)
		} else {
			own = append(own, l)
		}
	})
	return own, global
}

// placeholders shorten the values of flags whose names are long.
var placeholders = map[string]string{"secret-service-collection": "NAME", "keychain": "NAME", "file-dir": "DIR",
	"pass-dir": "DIR", "pass-cmd": "CMD", "pass-prefix": "PREFIX", "mfa-token": "CODE"}

// dashes writes a flag as aws-vault's help does: -d for one letter, --name otherwise.
func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func writeFlagSection(w io.Writer, title string, lines []flagLine) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", title)
	tw := tabwriter.NewWriter(w, 0, 4, 3, ' ', 0)
	for _, l := range lines {
		fmt.Fprintf(tw, "  %s\t%s\n", l.names, l.usage)
	}
	tw.Flush()
}
