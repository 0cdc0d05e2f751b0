package control

import (
	"net"

	"golang.org/x/sys/unix"
)

// peerUID is the effective uid of the process on the other end of c when it connected
// (LOCAL_PEERCRED, which getpeereid reads too).
func peerUID(c net.Conn) (int, error) {
	var cred *unix.Xucred
	err := withFD(c, func(fd int) (err error) {
		cred, err = unix.GetsockoptXucred(fd, unix.SOL_LOCAL, unix.LOCAL_PEERCRED)
		return err
	})
	if err != nil {
		return -1, err
	}
	return int(cred.Uid), nil
}
