package loadgen

import (
	"fmt"
	"net/http"
	"strings"
)

// HeaderFlag is a flag.Value collecting repeated -header 'Name: value' flags.
type HeaderFlag http.Header

func (h HeaderFlag) String() string { return "" }

// Set adds one header; the value may be empty, the name may not.
func (h HeaderFlag) Set(s string) error {
	name, value, ok := strings.Cut(s, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return fmt.Errorf("want 'Name: value', got %q", s)
	}
	http.Header(h).Add(name, strings.TrimSpace(value))
	return nil
}
