//go:build !linux && !darwin && !windows

package login

import (
	"errors"
	"net/netip"
)

// sameUserPeer cannot find a socket's owner on this OS, so it refuses every connection:
// console sign-in there works only with --stdout.
func sameUserPeer(netip.AddrPort, netip.AddrPort) (bool, error) {
	return false, errors.New("finding a connection's user is not supported on this system")
}
