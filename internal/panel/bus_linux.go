package panel

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/vaultbar/vaultbar/internal/e2e"
)

// A bus with no service directories: calling a name nobody owns fails at once instead of
// starting whatever daemon the machine has a .service file for.
const privateBusConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// PrivateBus starts a dbus-daemon of the test's own and points DBUS_SESSION_BUS_ADDRESS at
// it until the test ends (t.Setenv: not for parallel tests). Nobody else is on it, so no
// other test's panel or notification server, and no daemon of the machine, owns a name the
// test asks about. The daemon is stopped by its PID at cleanup. It returns the address.
func PrivateBus(t testing.TB) string {
	t.Helper()
	daemon := e2e.Tool(t, "dbus-daemon")
	// Not t.TempDir: a long test name would pass the 107-byte limit of a socket path.
	dir, err := os.MkdirTemp("", "vaultbar-bus")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	config := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(config, fmt.Appendf(nil, privateBusConfig, filepath.Join(dir, "bus")), 0o600); err != nil {
		t.Fatal(err)
	}
	ready, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer ready.Close()
	cmd := exec.Command(daemon, "--config-file="+config, "--nofork", "--nopidfile", "--nosyslog", "--print-address=3")
	cmd.ExtraFiles = []*os.File{w} // fd 3
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Start()
	w.Close()
	if err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	// The address is printed once the daemon listens; EOF means it exited.
	addr, err := bufio.NewReader(ready).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("dbus-daemon did not start: %v\n%s", err, stderr.String())
	}
	addr = strings.TrimSpace(addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

// awaitNameFree returns once nobody owns name on conn's bus, or fails after timeout. A
// connection closed without releasing its names (a test process that just ended) keeps them
// until the bus has noticed; NameOwnerChanged says when.
func awaitNameFree(conn *dbus.Conn, name string, timeout time.Duration) error {
	match := []dbus.MatchOption{
		dbus.WithMatchSender("org.freedesktop.DBus"),
		dbus.WithMatchInterface("org.freedesktop.DBus"),
		dbus.WithMatchMember("NameOwnerChanged"),
		dbus.WithMatchArg(0, name),
	}
	if err := conn.AddMatchSignal(match...); err != nil {
		return fmt.Errorf("watch %s: %w", name, err)
	}
	defer conn.RemoveMatchSignal(match...)
	changes := make(chan *dbus.Signal, 16)
	conn.Signal(changes)
	defer conn.RemoveSignal(changes)

	// Asked after subscribing, so a release in between is not missed.
	var owned bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&owned); err != nil {
		return fmt.Errorf("owner of %s: %w", name, err)
	}
	if !owned {
		return nil
	}
	deadline := time.After(timeout)
	for {
		select {
		case s := <-changes:
			if len(s.Body) == 3 && s.Name == "org.freedesktop.DBus.NameOwnerChanged" && s.Body[0] == name && s.Body[2] == "" {
				return nil
			}
		case <-deadline:
			return fmt.Errorf("%s is still owned after %v (another tray host or notification daemon on this bus?)", name, timeout)
		}
	}
}
