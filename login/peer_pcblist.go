package login

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// macOS lists its TCP sockets through the sysctl net.inet.tcp.pcblist_n, the interface
// netstat uses: a struct xinpgen, then per socket a run of length-tagged records (xinpcb_n,
// xsocket_n, two xsockbuf_n, xsockstat_n, xtcpcb_n), each padded to 8 bytes, then a closing
// xinpgen. The structures are XNU's (bsd/netinet/in_pcb.h, bsd/sys/socketvar.h), laid out
// with #pragma pack(4), little-endian on every Mac. Only leading fields are read; each
// record's own length is checked to reach them, so a kernel that appends fields still
// parses and one that changes them fails closed.
const (
	xsoSocket = 0x001 // record kinds
	xsoInpcb  = 0x010

	xinpgenLen = 24

	// xinpcb_n: the ports (network byte order), inp_vflag, then the foreign and local
	// address unions (an IPv4 address is the last 4 of their 16 bytes).
	inpFport, inpLport, inpVflag, inpFaddr, inpLaddr, inpcbMinLen = 16, 18, 44, 48, 64, 80
	// xsocket_n: xso_so (the socket's handle, 0 when there is none), so_state, so_uid.
	xsoSo, xsoState, xsoUID, xsocketMinLen = 8, 26, 64, 68

	inpIPv4     = 0x1 // inp_vflag
	inpIPv6     = 0x2
	ssNoFDRef   = 0x0001 // so_state: no process holds the socket any more
	pcbRecAlign = 8
)

// pcblistOwner finds the client end of (server, client) in a pcblist_n buffer and returns
// the uid of the socket's creator. A socket no process holds any more (SS_NOFDREF) has no
// owner.
func pcblistOwner(b []byte, server, client netip.AddrPort) (uint32, error) {
	le := binary.LittleEndian
	if len(b) < xinpgenLen || le.Uint32(b) < xinpgenLen {
		return 0, errors.New("read socket list: no xinpgen header")
	}
	matched := false // the last xinpcb_n was the client end; its xsocket_n follows
	for off := roundUp(int(le.Uint32(b)), pcbRecAlign); off+8 <= len(b); {
		n, kind := int(le.Uint32(b[off:])), le.Uint32(b[off+4:])
		if n <= xinpgenLen { // the closing xinpgen
			break
		}
		if off+n > len(b) {
			return 0, errors.New("read socket list: truncated record")
		}
		rec := b[off : off+n]
		switch kind {
		case xsoInpcb:
			if n < inpcbMinLen {
				return 0, fmt.Errorf("read socket list: xinpcb_n of %d bytes", n)
			}
			local, remote, ok := inpcbAddrs(rec)
			matched = ok && isPeer(local, remote, server, client)
		case xsoSocket:
			if !matched {
				off += roundUp(n, pcbRecAlign)
				continue
			}
			if n < xsocketMinLen {
				return 0, fmt.Errorf("read socket list: xsocket_n of %d bytes", n)
			}
			if le.Uint64(rec[xsoSo:]) == 0 || le.Uint16(rec[xsoState:])&ssNoFDRef != 0 {
				return 0, errPeerUnknown
			}
			return le.Uint32(rec[xsoUID:]), nil
		}
		off += roundUp(n, pcbRecAlign)
	}
	return 0, errPeerUnknown
}

// inpcbAddrs reads the local and foreign address of an xinpcb_n.
func inpcbAddrs(rec []byte) (local, remote netip.AddrPort, ok bool) {
	addr := func(at int) netip.Addr {
		if rec[inpVflag]&inpIPv4 != 0 {
			return netip.AddrFrom4([4]byte(rec[at+12 : at+16]))
		}
		return netip.AddrFrom16([16]byte(rec[at : at+16]))
	}
	if rec[inpVflag]&(inpIPv4|inpIPv6) == 0 {
		return local, remote, false
	}
	be := binary.BigEndian
	local = netip.AddrPortFrom(addr(inpLaddr), be.Uint16(rec[inpLport:]))
	remote = netip.AddrPortFrom(addr(inpFaddr), be.Uint16(rec[inpFport:]))
	return local, remote, true
}

func roundUp(n, to int) int { return (n + to - 1) / to * to }
