//go:build windows

package login

import (
	"errors"
	"fmt"
	"net/netip"
	"unsafe"

	"golang.org/x/sys/windows"
)

var procGetExtendedTCPTable = windows.NewLazySystemDLL("iphlpapi.dll").NewProc("GetExtendedTcpTable")

const tcpTableOwnerPIDConnections = 4 // TCP_TABLE_OWNER_PID_CONNECTIONS

// sameUserPeer finds the process holding the client end of the connection in the TCP
// tables (GetExtendedTcpTable, both address families) and compares the user SID of that
// process's token with this process's. A process Vaultbar may not open (another user's,
// usually) counts as not the user's.
func sameUserPeer(server, client netip.AddrPort) (bool, error) {
	pid, err := peerPID(server, client)
	if err != nil {
		return false, err
	}
	if pid == windows.GetCurrentProcessId() {
		return true, nil
	}
	theirs, err := processUser(pid)
	if err != nil {
		return false, err
	}
	ours, err := processUser(windows.GetCurrentProcessId())
	if err != nil {
		return false, err
	}
	return theirs.Equals(ours), nil
}

func peerPID(server, client netip.AddrPort) (uint32, error) {
	for _, family := range []struct {
		af   uint32
		rows tcpRows
	}{{windows.AF_INET, tcp4Rows}, {windows.AF_INET6, tcp6Rows}} {
		table, err := tcpTable(family.af)
		if err != nil {
			return 0, err
		}
		pid, found, err := tcpTablePID(table, family.rows, server, client)
		if err != nil || found {
			return pid, err
		}
	}
	return 0, errPeerUnknown
}

// tcpTable calls GetExtendedTcpTable, growing the buffer while the table grows.
func tcpTable(af uint32) ([]byte, error) {
	if err := procGetExtendedTCPTable.Find(); err != nil {
		return nil, fmt.Errorf("read tcp table: %w", err)
	}
	size := uint32(4096)
	for range 5 {
		buf := make([]byte, size)
		r, _, _ := procGetExtendedTCPTable.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&size)),
			0, uintptr(af), tcpTableOwnerPIDConnections, 0)
		switch errno := windows.Errno(r); {
		case errno == 0:
			return buf, nil
		case errors.Is(errno, windows.ERROR_INSUFFICIENT_BUFFER):
			size += 4096 // and more, in case it grows again before the next call
		default:
			return nil, fmt.Errorf("read tcp table: %w", errno)
		}
	}
	return nil, errors.New("read tcp table: it keeps growing")
}

// processUser is the user SID of a process's token.
func processUser(pid uint32) (*windows.SID, error) {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return nil, fmt.Errorf("open connecting process: %w", err)
	}
	defer func() { _ = windows.CloseHandle(h) }()
	var token windows.Token
	if err := windows.OpenProcessToken(h, windows.TOKEN_QUERY, &token); err != nil {
		return nil, fmt.Errorf("open connecting process's token: %w", err)
	}
	defer func() { _ = token.Close() }()
	user, err := token.GetTokenUser()
	if err != nil {
		return nil, fmt.Errorf("read connecting process's user: %w", err)
	}
	return user.User.Sid.Copy()
}
