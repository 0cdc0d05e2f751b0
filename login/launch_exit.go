package login

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"unicode"

	"github.com/vaultbar/vaultbar/vault"
)

// ErrBrowserExited: the browser process ended with an error (a non-zero status or a signal)
// before it opened the page, as one does with no display to open a window on.
var ErrBrowserExited = errors.New("the browser exited with an error")

// stderrTail is how much of a failed browser's stderr its error quotes.
const stderrTail = 512

type exitWatchKey struct{}

// WithExitWatch returns a ctx under which Launch keeps the browser's stderr and, should the
// process end with an error, sends an ErrBrowserExited with its status and the tail of its
// stderr on the channel (a clean exit, as of a launcher that hands the URL to a running
// browser, sends nothing). Like net/http/httptrace, the hook rides on the context, so that
// it passes through every launcher effect (the CLI's, the menu's) unchanged.
func WithExitWatch(ctx context.Context) (context.Context, <-chan error) {
	ch := make(chan error, 1)
	return context.WithValue(ctx, exitWatchKey{}, ch), ch
}

func exitWatch(ctx context.Context) chan error {
	ch, _ := ctx.Value(exitWatchKey{}).(chan error)
	return ch
}

// stderrFile is a private temporary file for the browser's stderr. On Unix its name is
// removed once the browser has started: the browser may outlive Vaultbar, and an open,
// nameless file is no pipe that breaks (SIGPIPE) nor a file left behind.
func stderrFile() (*os.File, error) {
	return os.CreateTemp("", "vaultbar-browser-*.log")
}

// watchExit reaps the browser and reports an error exit on ch.
func watchExit(wait func() error, f *os.File, name string, argv []string, ch chan<- error) {
	err := wait()
	defer func() {
		f.Close()
		if runtime.GOOS == "windows" {
			_ = os.Remove(f.Name())
		}
	}()
	if err == nil {
		return
	}
	ch <- vault.WithHint(fmt.Errorf("%w: %s: %w%s", ErrBrowserExited, name, err, quoteTail(f, argv)),
		"check that it starts from this session (a display: DISPLAY or WAYLAND_DISPLAY), or choose another browser; `--stdout` prints the sign-in url instead")
}

// quoteTail is ": <the last lines of stderr>" without the URLs of argv (a one-time address
// is no secret once unused, but a page's address has no place in an error) or control
// characters; "" when the browser said nothing.
func quoteTail(f *os.File, argv []string) string {
	end, err := f.Seek(0, io.SeekEnd)
	if err != nil || end == 0 {
		return ""
	}
	start := max(end-stderrTail, 0)
	buf := make([]byte, end-start)
	if _, err := f.ReadAt(buf, start); err != nil && !errors.Is(err, io.EOF) {
		return ""
	}
	text := string(buf)
	for _, a := range argv {
		if i := strings.Index(a, "://"); i > 0 {
			start := strings.LastIndexFunc(a[:i], func(r rune) bool { return !unicode.IsLetter(r) }) + 1
			text = strings.ReplaceAll(text, a[start:], "<url>") // --app=URL: the URL alone
		}
	}
	lines := strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' })
	if start > 0 && len(lines) > 1 {
		lines = lines[1:] // the first is cut
	}
	text = strings.Join(lines, "; ")
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(text, "?"))
	if text = strings.TrimSpace(text); text == "" {
		return ""
	}
	return ": " + text
}
