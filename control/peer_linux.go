package control

import (
	"net"

	"golang.org/x/sys/unix"
)

// peerUID is the effective uid of the process on the other end of c when it connected
// (SO_PEERCRED).
func peerUID(c net.Conn) (int, error) {
	var cred *unix.Ucred
	err := withFD(c, func(fd int) (err error) {
		cred, err = unix.GetsockoptUcred(fd, unix.SOL_SOCKET, unix.SO_PEERCRED)
		return err
	})
	if err != nil {
		return -1, err
	}
	return int(cred.Uid), nil
}
