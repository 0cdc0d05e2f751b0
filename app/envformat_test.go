package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// Values no credential may hold, but a region or any future variable might: each one is
// shell, fish, PowerShell or dotenv syntax that runs `touch PWNED` or ends a quote when
// printed unquoted or quoted naively.
var awkwardValues = []string{
	"ASIA$(touch PWNED)X", "abc'; touch PWNED; echo 'def0000000000000", "FwoGZXIvYXdzEBYaDH\n`touch PWNED`", "us-east-1; touch PWNED", "$(touch PWNED)", "`touch PWNED`",
	"a'b", `back\slash`, `trailing\`, `\'; touch PWNED; #`, `"dq" $HOME ${HOME}`, "‘curly’ ‚‛ ' quotes",
	"#hash", " lead space", "~", "a:~/b", "tab\tx", "*", "x\r\ny", "plain-value_1.2:3+4=5,6@7%8/9", "",
}

// awkwardVars names each awkward value V0, V1, ...
func awkwardVars() []EnvVar {
	vars := make([]EnvVar, len(awkwardValues))
	for i, v := range awkwardValues {
		vars[i] = EnvVar{fmt.Sprintf("V%d", i), v}
	}
	return vars
}

func varNames(vars []EnvVar) []string {
	names := make([]string, len(vars))
	for i, v := range vars {
		names[i] = v.Name
	}
	return names
}

// Every shell format, evaluated by the real shell, sets each variable to exactly its value
// and runs nothing; dotenv refuses the values some dotenv readers would read differently.
func TestShellFormatsQuoteEveryValue(t *testing.T) {
	t.Parallel()
	vars := awkwardVars()
	for _, shell := range []string{"sh", "bash"} {
		for _, format := range []string{"export", "env"} {
			out, err := FormatVars(format, vars)
			must(t, err)
			if got := e2e.EvalShell(t, shell, format, out, varNames(vars)...); !slices.Equal(got, awkwardValues) {
				t.Errorf("%s evaluating --format=%s:\n got %q\nwant %q", shell, format, got, awkwardValues)
			}
		}
		for _, v := range vars {
			out, err := FormatVars("dotenv", []EnvVar{v})
			if strings.ContainsAny(v.Value, "'\\\n\r") {
				if err == nil || !strings.Contains(err.Error(), v.Name) || strings.Contains(err.Error(), v.Value) {
					t.Errorf("dotenv of %q: %q, %v; want an error naming %s, not the value", v.Value, out, err, v.Name)
				}
				continue
			}
			must(t, err)
			if got := e2e.EvalShell(t, shell, "dotenv", out, v.Name); len(got) != 1 || got[0] != v.Value {
				t.Errorf("%s sourcing dotenv %q: got %q, want %q", shell, out, got, v.Value)
			}
		}
	}
}

// fish is installed by scripts/deps.sh: its own quoting (\\ and \' inside single quotes)
// differs from sh's.
func TestE2EFishFormatQuotesEveryValue(t *testing.T) {
	vars := awkwardVars()
	out, err := FormatVars("fish", vars)
	must(t, err)
	fish := e2e.Tool(t, "fish")
	if got := e2e.EvalShell(t, fish, "fish", out, varNames(vars)...); !slices.Equal(got, awkwardValues) {
		t.Errorf("fish sourcing --format=fish:\n got %q\nwant %q", got, awkwardValues)
	}
}

// There is no PowerShell on Debian: the output is read with PowerShell's rule for
// single-quoted strings (any of ' ‘ ’ ‚ ‛ ends one; two in a row stand for the second).
func TestPowerShellFormatQuotesEveryValue(t *testing.T) {
	t.Parallel()
	vars := awkwardVars()
	out, err := FormatVars("powershell", vars)
	must(t, err)
	got, err := parsePowerShell(out)
	if err != nil {
		t.Fatalf("%v in:\n%s", err, out)
	}
	for _, v := range vars {
		if got[v.Name] != v.Value {
			t.Errorf("$Env:%s = %q, want %q", v.Name, got[v.Name], v.Value)
		}
	}
	if len(got) != len(vars) {
		t.Errorf("%d assignments, want %d", len(got), len(vars))
	}
}

func isPowerShellQuote(r rune) bool { return strings.ContainsRune("'\u2018\u2019\u201a\u201b", r) }

// parsePowerShell reads lines of `$Env:NAME = '...'` and fails on anything else, such as a
// value whose quote ended early and left code behind.
func parsePowerShell(s string) (map[string]string, error) {
	vars := map[string]string{}
	rs := []rune(s)
	for i := 0; i < len(rs); {
		rest := string(rs[i:])
		if !strings.HasPrefix(rest, "$Env:") {
			return nil, fmt.Errorf("statement does not start with $Env: at %q", rest)
		}
		eq := strings.Index(rest, " = ")
		if eq < 0 {
			return nil, fmt.Errorf("no assignment at %q", rest)
		}
		name := rest[len("$Env:"):eq]
		i += len([]rune(rest[:eq+len(" = ")]))
		if i >= len(rs) || !isPowerShellQuote(rs[i]) {
			return nil, fmt.Errorf("$Env:%s: value is not single-quoted", name)
		}
		i++
		var v strings.Builder
		for {
			if i >= len(rs) {
				return nil, fmt.Errorf("$Env:%s: unterminated string", name)
			}
			if isPowerShellQuote(rs[i]) {
				if i+1 < len(rs) && isPowerShellQuote(rs[i+1]) {
					v.WriteRune(rs[i+1])
					i += 2
					continue
				}
				i++
				break
			}
			v.WriteRune(rs[i])
			i++
		}
		if i >= len(rs) || rs[i] != '\n' {
			return nil, fmt.Errorf("$Env:%s: code after the value: %q", name, string(rs[i:]))
		}
		i++
		vars[name] = v.String()
	}
	return vars, nil
}
