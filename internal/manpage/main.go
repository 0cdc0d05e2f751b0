// Command manpage turns a command's usage text (its `help` output, on stdin) into a roff man
// page on stdout, so the page in the .deb says what the binary says. `make deb` runs
//
//	bin/vaultbar help | go run ./internal/manpage -version V -date YYYY-MM-DD \
//	    -summary '...' -description '...' -see-also 'aws-vault(1)'
//
// The usage's command lines become COMMANDS (program and subcommand in bold, upper-case
// placeholders in italics), each "Heading: text" paragraph a section of its own. A text not
// shaped like that is an error, so a changed help output fails the build rather than
// shipping an empty page.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

func main() {
	var p page
	flag.StringVar(&p.section, "section", "1", "manual section")
	flag.StringVar(&p.version, "version", "", "the program's version, in the footer")
	flag.StringVar(&p.date, "date", "", "the page's date, YYYY-MM-DD (use the commit's, so builds repeat)")
	flag.StringVar(&p.summary, "summary", "", `NAME's one line, after "NAME \-"`)
	flag.StringVar(&p.description, "description", "", "DESCRIPTION's paragraph")
	seeAlso := flag.String("see-also", "", "comma-separated NAME(SECTION) references")
	flag.Parse()
	if *seeAlso != "" {
		p.seeAlso = strings.Split(*seeAlso, ",")
	}
	if err := run(os.Stdin, os.Stdout, p); err != nil {
		fmt.Fprintln(os.Stderr, "manpage:", err)
		os.Exit(1)
	}
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func run(in io.Reader, out io.Writer, p page) error {
	if p.summary == "" || !dateRE.MatchString(p.date) || !regexp.MustCompile(`^[1-9]`).MatchString(p.section) {
		return errors.New("-summary, -date YYYY-MM-DD and -section are required (see the Makefile's deb target)")
	}
	text, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	u, err := parse(string(text))
	if err != nil {
		return fmt.Errorf("stdin: %w", err)
	}
	return render(out, u, p)
}
