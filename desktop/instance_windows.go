package desktop

import (
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"syscall"
)

// errSharingViolation is ERROR_SHARING_VIOLATION: another handle has the file open.
const errSharingViolation = syscall.Errno(32)

// lock opens path with no sharing allowed, so a second open fails while the handle lives;
// Windows closes it when the process dies. Best effort: it guards against a second start,
// not against a hostile process.
func lock(path string) (release func(), err error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		if errors.Is(err, errSharingViolation) {
			return nil, ErrAlreadyRunning
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return sync.OnceFunc(func() { syscall.CloseHandle(h) }), nil
}

// checkOwner accepts any directory: the caller picks one in the user's profile.
func checkOwner(string, fs.FileInfo) error { return nil }
