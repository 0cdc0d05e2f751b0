// Package logfile is Vaultbar's log: a user-only file that keeps what a notification leaves
// out (the whole error chain, its hint), with anything that looks like a credential masked,
// and bounded in size by keeping one older file beside it.
package logfile

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/vaultbar/vaultbar/vault"
)

// DefaultMaxSize is how large the log grows before it is moved to NAME.1 (the older one
// there is dropped): two files of 1 MiB hold months of failures.
const DefaultMaxSize = 1 << 20

// Options configure Open.
type Options struct {
	MaxSize int64            // 0: DefaultMaxSize
	Now     func() time.Time // the time stamp of each line; nil: time.Now
}

// File is an open log. Its methods are safe for concurrent use.
type File struct {
	mu   sync.Mutex
	path string
	max  int64
	now  func() time.Time
	f    *os.File
	size int64
}

// Open opens (or creates) the log at path, 0600, in a directory it makes 0700.
func Open(path string, o Options) (*File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	// The directory is Vaultbar's own (…/vaultbar, …/Logs/Vaultbar): one made looser by
	// hand or by an older version is tightened, as the file is.
	if err := os.Chmod(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	l := &File{path: path, max: cmp.Or(o.MaxSize, DefaultMaxSize), now: o.Now}
	if l.now == nil {
		l.now = time.Now
	}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *File) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	st, err := f.Stat()
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("open log: %w", err)
	}
	l.f, l.size = f, st.Size()
	return nil
}

// Path is where the log is.
func (l *File) Path() string { return l.path }

// Printf writes one time-stamped line, credentials masked (Redact). A line that would take
// the file past its size first moves it to NAME.1. Failures to write are dropped: the log
// is where failures go, there is nowhere to report its own.
func (l *File) Printf(format string, args ...any) {
	line := l.now().UTC().Format(time.RFC3339) + " " +
		strings.ReplaceAll(Redact(fmt.Sprintf(format, args...)), "\n", " ") + "\n"
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return
	}
	if l.size > 0 && l.size+int64(len(line)) > l.max {
		l.f.Close()
		l.f = nil
		_ = os.Rename(l.path, l.path+".1")
		if l.open() != nil {
			return
		}
	}
	n, _ := l.f.WriteString(line)
	l.size += int64(n)
}

// Close closes the file; later lines are dropped.
func (l *File) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// The patterns are compiled on first use: every start of every command links this package,
// and only a failure in the menu needs them.
var (
	// accessKeyID: AWS's access key ids (long-term AKIA, session ASIA).
	accessKeyID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{12,124}\b`) })
	// secretish: a run of base64 characters as long as a secret access key (40) or longer
	// (session tokens, sign-in tokens). Paths, ARNs and messages break into shorter runs at
	// their dots, colons and spaces.
	secretish = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[A-Za-z0-9/+=_-]{40,}`) })
)

// Redact masks what looks like a credential in s: access key ids as --debug shows them
// (vault.MaskKeyID), secret keys and tokens entirely. Nothing Vaultbar logs should carry
// one; this is the net under that rule.
func Redact(s string) string {
	s = secretish().ReplaceAllStringFunc(s, func(run string) string {
		if isPath(run) {
			return run
		}
		return "[redacted]"
	})
	return accessKeyID().ReplaceAllStringFunc(s, vault.MaskKeyID)
}

// isPath reports whether run is an absolute path below a directory that exists at the root
// (/tmp/…, /home/…): a program or file named in an error, which the log keeps. A secret
// starting so (a slash, a root directory's name, a slash) does not happen.
func isPath(run string) bool {
	first, rest, ok := strings.Cut(strings.TrimPrefix(run, "/"), "/")
	if !strings.HasPrefix(run, "/") || !ok || first == "" || rest == "" {
		return false
	}
	st, err := os.Stat("/" + first)
	return err == nil && st.IsDir()
}
