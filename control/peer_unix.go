//go:build linux || darwin

package control

import (
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
)

// checkPeer refuses the other end of c unless it runs as this process's effective uid.
func checkPeer(c net.Conn) error {
	uid, err := peerUID(c)
	if err != nil {
		return fmt.Errorf("read the peer's credentials: %w", err)
	}
	if uid != os.Geteuid() {
		return fmt.Errorf("the other end runs as uid %d, not as uid %d", uid, os.Geteuid())
	}
	return nil
}

// withFD runs f on c's file descriptor.
func withFD(c net.Conn, f func(fd int) error) error {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return errors.New("not a socket")
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := raw.Control(func(fd uintptr) { ferr = f(int(fd)) }); err != nil {
		return err
	}
	return ferr
}
