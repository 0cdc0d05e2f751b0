package login

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"testing"
)

var (
	tblServer = netip.MustParseAddrPort("127.0.0.1:41000")
	tblClient = netip.MustParseAddrPort("127.0.0.1:52000")
)

// pcbRecord is one length-tagged pcblist_n record of n bytes, padded to 8.
func pcbRecord(kind uint32, n int, fill func(b []byte)) []byte {
	b := make([]byte, roundUp(n, pcbRecAlign))
	binary.LittleEndian.PutUint32(b, uint32(n))
	binary.LittleEndian.PutUint32(b[4:], kind)
	fill(b)
	return b
}

// pcbSocket is the run of records macOS lists for one TCP socket.
func pcbSocket(local, remote netip.AddrPort, uid uint32, state uint16) []byte {
	put := func(b []byte, at int, a netip.Addr) {
		if a.Is4() {
			a4 := a.As4()
			copy(b[at+12:], a4[:])
		} else {
			a16 := a.As16()
			copy(b[at:], a16[:])
		}
	}
	inp := pcbRecord(xsoInpcb, 104, func(b []byte) {
		binary.BigEndian.PutUint16(b[inpFport:], remote.Port())
		binary.BigEndian.PutUint16(b[inpLport:], local.Port())
		b[inpVflag] = inpIPv6
		if local.Addr().Is4() {
			b[inpVflag] = inpIPv4
		}
		put(b, inpFaddr, remote.Addr())
		put(b, inpLaddr, local.Addr())
	})
	so := pcbRecord(xsoSocket, 104, func(b []byte) {
		binary.LittleEndian.PutUint64(b[xsoSo:], 0xfeed)
		binary.LittleEndian.PutUint16(b[xsoState:], state)
		binary.LittleEndian.PutUint32(b[xsoUID:], uid)
	})
	buf := pcbRecord(0x002, 36, func([]byte) {}) // a kind not read, of a length that needs padding
	return append(append(inp, so...), buf...)
}

func pcbList(sockets ...[]byte) []byte {
	gen := func() []byte { return pcbRecord(0, xinpgenLen, func([]byte) {}) }
	b := gen()
	for _, s := range sockets {
		b = append(b, s...)
	}
	return append(b, gen()...)
}

// The macOS socket list parser: it finds the client end (not the server's end of the same
// connection, nor other sockets), over IPv4 and IPv6, and gives a socket no process holds
// no owner.
func TestPcblistOwner(t *testing.T) {
	mapped := func(a netip.AddrPort) netip.AddrPort {
		return netip.AddrPortFrom(netip.AddrFrom16(a.Addr().As16()), a.Port())
	}
	other := netip.AddrPortFrom(tblClient.Addr(), tblClient.Port()+1)
	list := pcbList(
		pcbSocket(tblServer, tblClient, 0, 0),     // the server's own end
		pcbSocket(other, tblServer, 65534, 0),     // another connection
		pcbSocket(tblClient, tblServer, 501, 0x2), // the client end, connected
	)
	if uid, err := pcblistOwner(list, tblServer, tblClient); uid != 501 || err != nil {
		t.Errorf("client end: uid %d, %v; want 501", uid, err)
	}
	if uid, err := pcblistOwner(list, tblServer, other); uid != 65534 || err != nil {
		t.Errorf("other connection: uid %d, %v; want 65534", uid, err)
	}
	v6 := pcbList(pcbSocket(mapped(tblClient), mapped(tblServer), 501, 0))
	if uid, err := pcblistOwner(v6, tblServer, tblClient); uid != 501 || err != nil {
		t.Errorf("IPv4-mapped client end: uid %d, %v; want 501", uid, err)
	}
	closed := pcbList(pcbSocket(tblClient, tblServer, 0, ssNoFDRef))
	if _, err := pcblistOwner(closed, tblServer, tblClient); !errors.Is(err, errPeerUnknown) {
		t.Errorf("closed client socket: %v, want errPeerUnknown", err)
	}
	// Cut inside the client end's xsocket_n (before the closing xinpgen and the xsockbuf_n).
	if _, err := pcblistOwner(list[:len(list)-xinpgenLen-40-50], tblServer, tblClient); err == nil {
		t.Error("a truncated list parsed")
	}
	if _, err := pcblistOwner(pcbList(), tblServer, tblClient); !errors.Is(err, errPeerUnknown) {
		t.Errorf("empty list: %v, want errPeerUnknown", err)
	}
}

// The Windows TCP table parser finds the owning process of the client end in both tables.
func TestTCPTablePID(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	v4 := func(rows ...[3]any) []byte {
		b := le.AppendUint32(nil, uint32(len(rows)))
		for _, r := range rows {
			row := make([]byte, tcpRowLen)
			l, rm := r[0].(netip.AddrPort), r[1].(netip.AddrPort)
			la, ra := l.Addr().As4(), rm.Addr().As4()
			copy(row[tcpRowLocal:], la[:])
			be.PutUint16(row[tcpRowLPort:], l.Port())
			copy(row[tcpRowRemote:], ra[:])
			be.PutUint16(row[tcpRowRPort:], rm.Port())
			le.PutUint32(row[tcpRowPID:], r[2].(uint32))
			b = append(b, row...)
		}
		return b
	}
	table := v4([3]any{tblServer, tblClient, uint32(4)}, [3]any{tblClient, tblServer, uint32(4242)})
	if pid, found, err := tcpTablePID(table, tcp4Rows, tblServer, tblClient); pid != 4242 || !found || err != nil {
		t.Errorf("IPv4: pid %d, %v, %v; want 4242", pid, found, err)
	}
	if _, found, err := tcpTablePID(table[:len(table)-1], tcp4Rows, tblServer, tblClient); found || err == nil {
		t.Error("a truncated table parsed")
	}

	row := make([]byte, tcp6RowLen)
	la, ra := tblClient.Addr().As16(), tblServer.Addr().As16()
	copy(row[tcp6RowLocal:], la[:])
	be.PutUint16(row[tcp6RowLPort:], tblClient.Port())
	copy(row[tcp6RowRemote:], ra[:])
	be.PutUint16(row[tcp6RowRPort:], tblServer.Port())
	le.PutUint32(row[tcp6RowPID:], 777)
	table6 := append(le.AppendUint32(nil, 1), row...)
	if pid, found, err := tcpTablePID(table6, tcp6Rows, tblServer, tblClient); pid != 777 || !found || err != nil {
		t.Errorf("IPv6 (mapped): pid %d, %v, %v; want 777", pid, found, err)
	}
	if _, found, err := tcpTablePID(table6, tcp6Rows, tblServer, netip.AddrPortFrom(tblClient.Addr(), 1)); found || err != nil {
		t.Errorf("an absent client: found %v, %v", found, err)
	}
}
