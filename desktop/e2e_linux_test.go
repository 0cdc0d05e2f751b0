package desktop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/panel"
	"github.com/vaultbar/vaultbar/vault"
)

// The end-to-end tests drive the real zenity dialogs with xdotool under the Xvfb of
// scripts/session.sh (no window manager: windowfocus, not windowactivate), read the real
// clipboard with xclip and catch notifications with a server on the session bus. They run
// one after the other: every dialog has the same title.

const (
	pollEvery  = 25 * time.Millisecond
	dialogWait = 15 * time.Second // a cold GTK start takes 0.2–0.3 s
	resultWait = 20 * time.Second
)

// screen finds Vaultbar's dialogs and types into them.
type screen struct {
	t       *testing.T
	xdotool string
	seen    map[int]bool // pids of the zenity processes already handled
	last    int          // pid of the last dialog found
}

func newScreen(t *testing.T) *screen {
	t.Helper()
	e2e.Require(t)
	e2e.Tool(t, "zenity")
	return &screen{t: t, xdotool: e2e.Tool(t, "xdotool"), seen: map[int]bool{}}
}

// dialog waits for a visible window titled Vaultbar whose process it has not handled yet:
// the window of a re-ask may reuse the X id of the one before. It returns the window and the
// zenity command line, which shows what the dialog says.
func (s *screen) dialog() (wid string, args []string) {
	s.t.Helper()
	return s.dialogNamed("^" + Title + "$")
}

// dialogNamed is dialog for a window whose title matches the regular expression name.
func (s *screen) dialogNamed(name string) (wid string, args []string) {
	s.t.Helper()
	deadline := time.Now().Add(dialogWait)
	for {
		out, _ := exec.Command(s.xdotool, "search", "--onlyvisible", "--name", name).Output()
		for _, wid := range strings.Fields(string(out)) {
			out, err := exec.Command(s.xdotool, "getwindowpid", wid).Output()
			if err != nil {
				continue
			}
			pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
			if err != nil || s.seen[pid] {
				continue
			}
			cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
			if err != nil {
				continue // it just exited
			}
			s.seen[pid], s.last = true, pid
			return wid, strings.Split(strings.TrimSuffix(string(cmdline), "\x00"), "\x00")
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no new dialog titled %q within %v", name, dialogWait)
		}
		time.Sleep(pollEvery)
	}
}

func (s *screen) xdo(args ...string) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, s.xdotool, args...).CombinedOutput(); err != nil {
		s.t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// answer types text into the dialog wid, then presses key (Return, Escape).
func (s *screen) answer(wid, text, key string) {
	s.t.Helper()
	s.xdo("windowfocus", "--sync", wid)
	if text != "" {
		s.xdo("type", "--delay", "1", "--", text)
	}
	s.xdo("key", key)
}

// text returns what the dialog with command line args says.
func text(t *testing.T, args []string) string {
	t.Helper()
	i := slices.Index(args, "--text")
	if i < 0 || i+1 >= len(args) {
		t.Fatalf("dialog without --text: %q", args)
	}
	return args[i+1]
}

type result[T any] struct {
	v   T
	err error
}

// start runs a dialog function in the background; its context ends with the test.
func start[T any](t *testing.T, f func(ctx context.Context) (T, error)) <-chan result[T] {
	ctx, cancel := context.WithTimeout(t.Context(), resultWait)
	ch := make(chan result[T], 1)
	go func() {
		defer cancel()
		v, err := f(ctx)
		ch <- result[T]{v, err}
	}()
	return ch
}

func await[T any](t *testing.T, ch <-chan result[T]) (T, error) {
	t.Helper()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-time.After(resultWait):
		t.Fatalf("the dialog call did not return within %v", resultWait)
		panic("unreachable")
	}
}

var e2eReq = vault.MFARequest{Profile: "e2e-dev", Serial: "arn:aws:iam::123456789012:mfa/alice"}

// promptMFAFunc asks for e2eReq's code; retry is why the vault asks again ("" the first time).
func promptMFAFunc(retry string) func(ctx context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		req := e2eReq
		req.Retry = retry
		return PromptMFA(ctx, req)
	}
}

func TestE2EPromptMFA(t *testing.T) {
	s := newScreen(t)
	ch := start(t, promptMFAFunc(""))
	wid, args := s.dialog()
	want := "Enter the MFA code for profile e2e-dev (device arn:aws:iam::123456789012:mfa/alice)"
	if got := text(t, args); got != want {
		t.Errorf("dialog says %q, want %q", got, want)
	}
	if !slices.Contains(args, "--entry") || slices.Contains(args, "--hide-text") {
		t.Errorf("not a plain entry: %q", args)
	}
	s.answer(wid, "123456", "Return")
	code, err := await(t, ch)
	if err != nil || code != "123456" {
		t.Fatalf("PromptMFA = %q, %v", code, err)
	}
}

func TestE2EPromptMFACancel(t *testing.T) {
	s := newScreen(t)
	ch := start(t, promptMFAFunc(""))
	wid, _ := s.dialog()
	s.answer(wid, "12", "Escape")
	code, err := await(t, ch)
	if !IsCancel(err) || !errors.Is(err, vault.ErrMFACancelled) || code != "" {
		t.Fatalf("PromptMFA after Escape = %q, %v; want a cancel", code, err)
	}
}

func TestE2EPromptMFAReask(t *testing.T) {
	s := newScreen(t)
	ch := start(t, promptMFAFunc(""))
	wid, _ := s.dialog()
	s.answer(wid, "12ab", "Return")
	wid, args := s.dialog()
	if got := text(t, args); !strings.HasPrefix(got, "The code must be 6 digits. Please try again.") ||
		!strings.Contains(got, "profile e2e-dev") {
		t.Errorf("the re-ask says %q", got)
	}
	s.answer(wid, "654321", "Return")
	code, err := await(t, ch)
	if err != nil || code != "654321" {
		t.Fatalf("PromptMFA = %q, %v", code, err)
	}
}

func TestE2EPromptMFAAgain(t *testing.T) {
	s := newScreen(t)
	ch := start(t, promptMFAFunc("AWS rejected the code"))
	wid, args := s.dialog()
	if got := text(t, args); !strings.HasPrefix(got, "AWS rejected the code\n\nEnter the MFA code for profile e2e-dev") {
		t.Errorf("dialog says %q", got)
	}
	s.answer(wid, " 111 222 ", "Return")
	code, err := await(t, ch)
	if err != nil || code != "111222" {
		t.Fatalf("PromptMFA with Retry = %q, %v", code, err)
	}
}

func TestE2EPromptMFAContext(t *testing.T) {
	s := newScreen(t)
	ch := start(t, func(ctx context.Context) (string, error) {
		ctx, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
		defer cancel()
		return PromptMFA(ctx, e2eReq)
	})
	s.dialog() // shown, never answered
	code, err := await(t, ch)
	if !errors.Is(err, context.DeadlineExceeded) || IsCancel(err) || code != "" {
		t.Fatalf("PromptMFA after its deadline = %q, %v; want the deadline, not a cancel", code, err)
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", s.last)); err == nil {
		t.Errorf("zenity (pid %d) still runs after the deadline", s.last)
	}
}

func TestE2EConfirm(t *testing.T) {
	s := newScreen(t)
	for _, tc := range []struct {
		key  string
		want bool
	}{{"Return", true}, {"Escape", false}} {
		ch := start(t, func(ctx context.Context) (bool, error) { return Confirm(ctx, "Remove profile e2e-dev?") })
		wid, args := s.dialog()
		if got := text(t, args); got != "Remove profile e2e-dev?" || !slices.Contains(args, "--question") {
			t.Errorf("dialog %q says %q", args, got)
		}
		s.answer(wid, "", tc.key)
		ok, err := await(t, ch)
		if err != nil || ok != tc.want {
			t.Errorf("Confirm after %s = %v, %v; want %v", tc.key, ok, err, tc.want)
		}
	}
}

func TestE2EPassphrase(t *testing.T) {
	s := newScreen(t)
	const typed = " p@ss w0rd! "
	ch := start(t, func(context.Context) (string, error) {
		return Passphrase(vault.PassphraseRequest{Prompt: "Passphrase of the file keyring", For: "alice"})
	})
	// Its title says what it is for, with an em dash or, in the C locale, a hyphen.
	wid, args := s.dialogNamed("^" + Title + " (—|-) keyring passphrase for alice$")
	if text(t, args) != "Passphrase of the file keyring" || !slices.Contains(args, "--hide-text") {
		t.Errorf("dialog: %q", args)
	}
	s.answer(wid, typed, "Return")
	got, err := await(t, ch)
	if err != nil || got != typed {
		t.Fatalf("Passphrase = %q, %v; want %q untrimmed", got, err, typed)
	}
}

// xclip reads and writes the real clipboard selection.
type xclip struct {
	t    *testing.T
	path string
}

func (x xclip) read() string {
	x.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, x.path, "-o", "-selection", "clipboard").Output()
	if err != nil {
		x.t.Fatalf("xclip -o: %v", err)
	}
	return string(out)
}

// write copies s like another application would. xclip forks an owner of the selection
// that keeps running: its stdout is not ours, or Run would wait for it.
func (x xclip) write(s string) {
	x.t.Helper()
	cmd := exec.Command(x.path, "-i", "-selection", "clipboard")
	cmd.Stdin = strings.NewReader(s)
	if err := cmd.Run(); err != nil {
		x.t.Fatalf("xclip -i: %v", err)
	}
}

func TestE2EClipboard(t *testing.T) {
	e2e.Require(t)
	x := xclip{t, e2e.Tool(t, "xclip")}
	timers := make(chan struct{}, 4)
	newBoard := func() *Clipboard {
		c := NewClipboard(ClipboardOptions{ClearAfter: 300 * time.Millisecond})
		c.onTimer = func() { timers <- struct{}{} }
		return c
	}
	awaitTimer := func() {
		t.Helper()
		select {
		case <-timers:
		case <-time.After(10 * time.Second):
			t.Fatal("the clearing timer did not run")
		}
	}
	secret := fmt.Sprintf("e2e-secret-%d", time.Now().UnixNano())

	t.Run("cleared", func(t *testing.T) {
		c := newBoard()
		if err := c.CopySecret(secret); err != nil {
			t.Fatal(err)
		}
		if got := x.read(); got != secret {
			t.Fatalf("clipboard holds %q, want the secret", got)
		}
		awaitTimer()
		if got := x.read(); got != "" {
			t.Errorf("after 300ms the clipboard holds %q, want it empty", got)
		}
	})
	t.Run("users_copy_kept", func(t *testing.T) {
		c := newBoard()
		if err := c.CopySecret(secret); err != nil {
			t.Fatal(err)
		}
		x.write("the user's own text")
		awaitTimer()
		if got := x.read(); got != "the user's own text" {
			t.Errorf("after 300ms the clipboard holds %q, want the user's text", got)
		}
		if err := c.ClearOwned(); err != nil {
			t.Fatal(err)
		}
		if got := x.read(); got != "the user's own text" {
			t.Errorf("ClearOwned left %q, want the user's text", got)
		}
	})
	t.Run("clear_owned", func(t *testing.T) {
		c := NewClipboard(ClipboardOptions{}) // 45 s: Quit comes first
		if err := c.CopySecret(secret); err != nil {
			t.Fatal(err)
		}
		if err := c.ClearOwned(); err != nil {
			t.Fatal(err)
		}
		if got := x.read(); got != "" {
			t.Errorf("after ClearOwned the clipboard holds %q", got)
		}
	})
	t.Run("copy", func(t *testing.T) {
		c := newBoard()
		if err := c.Copy("arn:aws:iam::123456789012:role/e2e"); err != nil {
			t.Fatal(err)
		}
		if got := x.read(); got != "arn:aws:iam::123456789012:role/e2e" {
			t.Errorf("clipboard holds %q", got)
		}
	})
}

// Each notification test has a bus of its own: no notification daemon of the machine, and
// no other test's server, owns the name there, and no .service file starts one.
func TestE2ENotify(t *testing.T) {
	e2e.Require(t)
	panel.PrivateBus(t)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	srv := panel.ClaimNotifications(t, conn)

	if err := Notify("Credentials copied", "Profile e2e-dev, valid for 1 hour"); err != nil {
		t.Fatal(err)
	}
	n := srv.First(t, 5*time.Second)
	icon := n.Icon
	want := panel.Notification{App: "Vaultbar", Summary: "Credentials copied", Body: "Profile e2e-dev, valid for 1 hour",
		Icon: icon, DesktopEntry: "vaultbar", Timeout: -1}
	if n != want {
		t.Errorf("got %+v, want %+v", n, want)
	}
	// The notification carries the app's icon: the installed theme icon, or a PNG of it.
	if path, ok := strings.CutPrefix(icon, "file://"); ok {
		b, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("the icon %s is not a PNG: %v", icon, err)
		}
	} else if icon != "vaultbar" {
		t.Errorf("the notification's icon is %q, want the vaultbar theme icon or a file:// PNG", icon)
	}
}

// Without a notification server Notify says so, at once, rather than losing the message silently.
func TestE2ENotifyNoServer(t *testing.T) {
	e2e.Require(t)
	panel.PrivateBus(t)
	err := Notify("Vaultbar", "nobody listens")
	var dbusErr dbus.Error
	if !errors.As(err, &dbusErr) || dbusErr.Name != "org.freedesktop.DBus.Error.ServiceUnknown" || !strings.HasPrefix(err.Error(), "notify: ") {
		t.Errorf("Notify with nobody listening: %v, want notify: the name has no owner", err)
	}
}

func TestE2EChoose(t *testing.T) {
	s := newScreen(t)
	choices := []string{"Open console", "Copy env", "Copy console URL"}
	ch := start(t, func(ctx context.Context) (int, error) {
		return Choose(ctx, "What do you want to do with profile e2e-dev?", choices)
	})
	wid, args := s.dialog()
	if !slices.Contains(args, "--list") || text(t, args) != "What do you want to do with profile e2e-dev?" {
		t.Errorf("dialog %q", args)
	}
	s.xdo("windowfocus", "--sync", wid)
	s.xdo("key", "Down", "Down", "Return")
	i, err := await(t, ch)
	if err != nil || choices[i] != "Copy console URL" {
		t.Errorf("Choose after Down Down Return = %d (%v)", i, err)
	}
	ch = start(t, func(ctx context.Context) (int, error) { return Choose(ctx, "Pick one", choices) })
	wid, _ = s.dialog()
	s.answer(wid, "", "Escape")
	if _, err := await(t, ch); !IsCancel(err) {
		t.Errorf("Choose after Escape: %v, want a cancel", err)
	}
}
