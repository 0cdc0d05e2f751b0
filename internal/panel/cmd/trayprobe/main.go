//go:build linux

// Command trayprobe measures a tray app from outside, as a panel sees it: it claims the
// StatusNotifierWatcher on the session bus, starts the command, and reports how long after
// exec the item registered, the first GetLayout answered and the whole menu (every level)
// held an item labelled -want (or -want…); then the app's resident memory and its context switches
// while idle. It ends the app with SIGTERM. scripts/bench-tray.sh runs it inside a private
// desktop session.
//
//	trayprobe -want 'profile-0999' [-settle 10s] [-idle 30s] -- vaultbar
//
// It reads the menu like a panel: once the item registers, then again on each
// LayoutUpdated signal, and at the latest every 10 ms until the menu is whole (fyne.io/systray
// answers a menu's first read with its top level only and signals an update 150 ms later; a
// panel that re-reads at once, or reads a submenu when it opens, has the rest sooner).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/vaultbar/vaultbar/internal/panel"
)

func main() {
	want := flag.String("want", "", "the label of an item that shows the menu is whole")
	settle := flag.Duration("settle", 10*time.Second, "wait after the menu is whole before measuring idleness")
	idle := flag.Duration("idle", 30*time.Second, "how long to count the app's context switches")
	flag.Parse()
	if *want == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: trayprobe -want LABEL [-settle D] [-idle D] -- command [args]")
		os.Exit(2)
	}
	if err := run(*want, *settle, *idle, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "trayprobe:", err)
		os.Exit(1)
	}
}

func run(want string, settle, idle time.Duration, argv []string) error {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return err
	}
	defer conn.Close()
	w, release, err := panel.NewWatcher(conn)
	if err != nil {
		return err
	}
	defer release()
	if err := conn.AddMatchSignal(dbus.WithMatchInterface(panel.MenuIface), dbus.WithMatchMember("LayoutUpdated")); err != nil {
		return err
	}
	updated := make(chan *dbus.Signal, 64)
	conn.Signal(updated)

	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		<-exited
	}()

	var reg panel.Registration
	select {
	case reg = <-w.Registered():
	case err := <-exited:
		exited <- err
		return fmt.Errorf("%s exited before registering: %v", argv[0], err)
	case <-time.After(30 * time.Second):
		return errors.New("no RegisterStatusNotifierItem within 30 s")
	}
	registered := time.Since(start)

	first, whole, top, err := readUntilWhole(conn, reg, want, updated)
	if err != nil {
		return err
	}
	firstAt, wholeAt := first.Sub(start), whole.Sub(start)
	rss, err := statusField(cmd.Process.Pid, "VmRSS")
	if err != nil {
		return err
	}
	time.Sleep(settle) // start-up work (the first reload, garbage collection) ends; nothing to wait on
	before, err := switches(cmd.Process.Pid)
	if err != nil {
		return err
	}
	time.Sleep(idle) // measuring idleness: nothing to wait on
	after, err := switches(cmd.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Printf("trayprobe: registered %d ms, first read %d ms (%d top-level items), whole menu %d ms after exec; RSS %d MB; %d context switches in %v idle\n",
		registered.Milliseconds(), firstAt.Milliseconds(), top, wholeAt.Milliseconds(), rss/1024, after-before, idle)
	return nil
}

// readUntilWhole reads the menu until an item is labelled want, and returns when
// the first read answered, when the whole menu was read, and the first read's top-level size.
func readUntilWhole(conn *dbus.Conn, reg panel.Registration, want string, updated <-chan *dbus.Signal) (first, whole time.Time, top int, err error) {
	var path dbus.Variant
	if path, err = panel.Item(conn, reg).GetProperty(panel.ItemIface + ".Menu"); err != nil {
		return first, whole, 0, err
	}
	p, _ := path.Value().(dbus.ObjectPath)
	menu := conn.Object(reg.Sender, p)
	deadline := time.After(30 * time.Second)
	for {
		_, root, err := panel.GetLayout(menu)
		if err != nil {
			return first, whole, 0, err
		}
		if first.IsZero() {
			first, top = time.Now(), len(root.Children)
		}
		if has(root, want) {
			return first, time.Now(), top, nil
		}
		select {
		case <-updated:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			return first, whole, 0, fmt.Errorf("no item %q in the menu within 30 s:\n%s", want, root.Describe())
		}
	}
}

// has reports whether an item below n is labelled label, or label and an ellipsis (a
// profile item that asks what to do).
func has(n panel.Node, label string) bool {
	for _, c := range n.Children {
		if c.Label == label || c.Label == label+"…" || has(c, label) {
			return true
		}
	}
	return false
}

// statusField reads a "kB" field of /proc/PID/status.
func statusField(pid int, name string) (int, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			return strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", name, pid)
}

// switches sums the voluntary and involuntary context switches of every thread of pid.
func switches(pid int) (int, error) {
	tasks, err := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "status"))
	if err != nil || len(tasks) == 0 {
		return 0, fmt.Errorf("no threads of %d: %v", pid, err)
	}
	total := 0
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			return 0, err
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "voluntary_ctxt_switches:"); ok {
				n, _ := strconv.Atoi(strings.TrimSpace(v))
				total += n
			} else if v, ok := strings.CutPrefix(line, "nonvoluntary_ctxt_switches:"); ok {
				n, _ := strconv.Atoi(strings.TrimSpace(v))
				total += n
			}
		}
	}
	return total, nil
}
