//go:build darwin

package login

import (
	"errors"
	"fmt"
	"net/netip"
	"os"

	"golang.org/x/sys/unix"
)

// sameUserPeer looks the client end of the connection up in the kernel's TCP socket list
// (sysctl net.inet.tcp.pcblist_n, as netstat reads it, no cgo), whose xsocket_n.so_uid is
// the effective uid of the socket's creator.
func sameUserPeer(server, client netip.AddrPort) (bool, error) {
	var list []byte
	var err error
	for range 3 { // the list can outgrow the size the kernel just gave (ENOMEM): ask again
		if list, err = unix.SysctlRaw("net.inet.tcp.pcblist_n"); !errors.Is(err, unix.ENOMEM) {
			break
		}
	}
	if err != nil {
		return false, fmt.Errorf("read socket list: %w", err)
	}
	uid, err := pcblistOwner(list, server, client)
	if err != nil {
		return false, err
	}
	return uid == uint32(os.Geteuid()), nil
}
