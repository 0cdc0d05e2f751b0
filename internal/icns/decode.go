package icns

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrFormat is wrapped by every error Decode returns about its input.
var ErrFormat = errors.New("not a valid icns file")

// Decode parses an .icns file written by Encode. It returns every element in file order and
// checks what Encode promises: the header's length is the file's length, every element's
// length fits, and each PNG-typed element holds a PNG of its type's size. Elements of types
// this package does not write (a file from iconutil may carry 'TOC ' or 'info') are returned
// unchecked. The PNGs share b's memory.
func Decode(b []byte) ([]Element, error) {
	if len(b) < headerLen || string(b[:4]) != "icns" {
		return nil, fmt.Errorf("%w: no \"icns\" magic at the start (is it a png or another format?)", ErrFormat)
	}
	if n := binary.BigEndian.Uint32(b[4:]); uint64(n) != uint64(len(b)) {
		return nil, fmt.Errorf("%w: header says %d bytes, file has %d (truncated or padded?)", ErrFormat, n, len(b))
	}
	var elems []Element
	for off := headerLen; off < len(b); {
		if len(b)-off < headerLen {
			return nil, fmt.Errorf("%w: %d stray bytes at offset %d, too short for an element header", ErrFormat, len(b)-off, off)
		}
		osType := string(b[off : off+4])
		n := binary.BigEndian.Uint32(b[off+4:])
		if n < headerLen || uint64(n) > uint64(len(b)-off) {
			return nil, fmt.Errorf("%w: element %q at offset %d claims %d bytes, %d remain", ErrFormat, osType, off, n, len(b)-off)
		}
		e := Element{OSType: osType, PNG: b[off+headerLen : off+int(n)]}
		if _, known := Pixels(osType); known {
			if err := check(e); err != nil {
				return nil, fmt.Errorf("%w: %w", ErrFormat, err)
			}
		}
		elems = append(elems, e)
		off += int(n)
	}
	return elems, nil
}
