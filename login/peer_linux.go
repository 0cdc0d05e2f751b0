//go:build linux

package login

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// procNetTCP are the kernel's TCP socket tables for this network namespace: a browser's
// socket is in the IPv6 one when it reached 127.0.0.1 through an IPv4-mapped address.
var procNetTCP = []string{"/proc/net/tcp", "/proc/net/tcp6"}

// sameUserPeer looks the client end of the connection up in /proc/net/tcp{,6}, whose uid
// column is the owner of each socket (the user that created it). Snap and flatpak browsers
// run as the user and share the network namespace, so they pass; so does any other process
// of the user's, which could read the address anyway.
func sameUserPeer(server, client netip.AddrPort) (bool, error) {
	uid, err := procNetOwner(procNetTCP, server, client)
	if err != nil {
		return false, err
	}
	return uid == uint32(os.Geteuid()), nil
}

func procNetOwner(files []string, server, client netip.AddrPort) (uint32, error) {
	read := 0
	for _, name := range files {
		f, err := os.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue // no IPv6 in this kernel
		}
		if err != nil {
			return 0, fmt.Errorf("read socket table: %w", err)
		}
		read++
		uid, found, err := scanProcNet(f, server, client)
		_ = f.Close()
		if err != nil || found {
			return uid, err
		}
	}
	if read == 0 {
		return 0, errors.New("read socket table: no /proc/net/tcp")
	}
	return 0, errPeerUnknown
}

// scanProcNet finds the row of the client end in one /proc/net/tcp-format table. A row
// with inode 0 is a socket no process holds any more (TIME_WAIT, or closed by its owner,
// which the kernel then shows as uid 0): it belongs to no one and never matches.
func scanProcNet(r io.Reader, server, client netip.AddrPort) (uid uint32, found bool, err error) {
	sc := bufio.NewScanner(r)
	sc.Scan() // the header
	for sc.Scan() {
		// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
		fields := strings.Fields(sc.Text())
		if len(fields) < 10 {
			return 0, false, fmt.Errorf("read socket table: short row %q", sc.Text())
		}
		local, err1 := parseProcAddr(fields[1])
		remote, err2 := parseProcAddr(fields[2])
		if err := errors.Join(err1, err2); err != nil {
			return 0, false, err
		}
		if !isPeer(local, remote, server, client) || fields[9] == "0" {
			continue
		}
		owner, err := strconv.ParseUint(fields[7], 10, 32)
		if err != nil {
			return 0, false, fmt.Errorf("read socket table: uid %q: %w", fields[7], err)
		}
		return uint32(owner), true, nil
	}
	if err := sc.Err(); err != nil {
		return 0, false, fmt.Errorf("read socket table: %w", err)
	}
	return 0, false, nil
}

// parseProcAddr reads ADDR:PORT as the kernel prints it: the address as 32-bit words in
// host byte order (one for IPv4, four for IPv6), each as 8 hex digits, the port as a number.
func parseProcAddr(s string) (netip.AddrPort, error) {
	host, port, _ := strings.Cut(s, ":")
	p, err := strconv.ParseUint(port, 16, 16)
	if err != nil || (len(host) != 8 && len(host) != 32) {
		return netip.AddrPort{}, fmt.Errorf("read socket table: address %q", s)
	}
	var b [16]byte
	for i := 0; i < len(host)/8; i++ {
		word, err := strconv.ParseUint(host[i*8:i*8+8], 16, 32)
		if err != nil {
			return netip.AddrPort{}, fmt.Errorf("read socket table: address %q", s)
		}
		binary.NativeEndian.PutUint32(b[i*4:], uint32(word))
	}
	addr := netip.AddrFrom16(b)
	if len(host) == 8 {
		addr = netip.AddrFrom4([4]byte(b[:4]))
	}
	return netip.AddrPortFrom(addr, uint16(p)), nil
}
