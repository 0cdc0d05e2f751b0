package login

import (
	"encoding/binary"
	"errors"
	"net/netip"
)

// Windows lists TCP connections with their owning process through GetExtendedTcpTable
// (iphlpapi) with TCP_TABLE_OWNER_PID_CONNECTIONS: a DWORD count, then rows of
// MIB_TCPROW_OWNER_PID (AF_INET: state, local addr, local port, remote addr, remote port,
// pid; 24 bytes) or MIB_TCP6ROW_OWNER_PID (AF_INET6: local addr[16], scope, local port,
// remote addr[16], scope, remote port, state, pid; 56 bytes). Addresses are in network
// order as bytes; a port is the first two bytes of its DWORD, big-endian.
const (
	tcpRowLen, tcpRowLocal, tcpRowLPort, tcpRowRemote, tcpRowRPort, tcpRowPID       = 24, 4, 8, 12, 16, 20
	tcp6RowLen, tcp6RowLocal, tcp6RowLPort, tcp6RowRemote, tcp6RowRPort, tcp6RowPID = 56, 0, 20, 24, 44, 52
)

// tcpRows says which of the two tables a buffer holds.
type tcpRows int

const (
	tcp4Rows tcpRows = iota // MIB_TCPTABLE_OWNER_PID
	tcp6Rows                // MIB_TCP6TABLE_OWNER_PID
)

// tcpTablePID finds the client end of (server, client) in a buffer of rows and returns its
// owning process id.
func tcpTablePID(b []byte, kind tcpRows, server, client netip.AddrPort) (pid uint32, found bool, err error) {
	le, be := binary.LittleEndian, binary.BigEndian
	if len(b) < 4 {
		return 0, false, errors.New("read tcp table: too short")
	}
	rowLen := tcpRowLen
	if kind == tcp6Rows {
		rowLen = tcp6RowLen
	}
	n := int(le.Uint32(b))
	if n*rowLen > len(b)-4 {
		return 0, false, errors.New("read tcp table: truncated")
	}
	rows := b[4 : 4+n*rowLen]
	for ; len(rows) > 0; rows = rows[rowLen:] {
		var local, remote netip.AddrPort
		if kind == tcp6Rows {
			local = netip.AddrPortFrom(netip.AddrFrom16([16]byte(rows[tcp6RowLocal:])), be.Uint16(rows[tcp6RowLPort:]))
			remote = netip.AddrPortFrom(netip.AddrFrom16([16]byte(rows[tcp6RowRemote:])), be.Uint16(rows[tcp6RowRPort:]))
			pid = le.Uint32(rows[tcp6RowPID:])
		} else {
			local = netip.AddrPortFrom(netip.AddrFrom4([4]byte(rows[tcpRowLocal:])), be.Uint16(rows[tcpRowLPort:]))
			remote = netip.AddrPortFrom(netip.AddrFrom4([4]byte(rows[tcpRowRemote:])), be.Uint16(rows[tcpRowRPort:]))
			pid = le.Uint32(rows[tcpRowPID:])
		}
		if isPeer(local, remote, server, client) {
			return pid, true, nil
		}
	}
	return 0, false, nil
}
