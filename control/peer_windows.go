package control

import "net"

// checkPeer accepts every peer: Windows has no peer credentials for AF_UNIX sockets, and
// the directory's ACL keeps other users from reaching the socket (see the package doc).
func checkPeer(net.Conn) error { return nil }
