package main

import (
	"bytes"
	"cmp"
	"debug/macho"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
)

// fatAlign is each slice's alignment, as a power of two: 2^14, the arm64 page size, which
// lipo also uses for arm64 and which suits x86_64's 4 KiB pages.
const fatAlign = 14

// writeFat writes a universal ("fat") Mach-O holding the thin Mach-O files binaries, as
// `lipo -create` does. Linux has no lipo; this lets `make app` there build the same universal
// bundle a Mac does. Layout (<mach-o/fat.h>): big-endian magic 0xcafebabe and the slice count,
// then per slice cputype, cpusubtype, offset, size, align; then each slice at its offset.
func writeFat(w io.Writer, binaries [][]byte) error {
	type slice struct {
		cpu, sub uint32
		data     []byte
	}
	var thin []slice
	for i, b := range binaries {
		f, err := macho.NewFile(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("binary %d is not a thin mach-o (build it with GOOS=darwin): %w", i+1, err)
		}
		if slices.ContainsFunc(thin, func(s slice) bool { return s.cpu == uint32(f.Cpu) }) {
			return fmt.Errorf("two binaries for %v: a universal binary holds one per architecture", f.Cpu)
		}
		thin = append(thin, slice{uint32(f.Cpu), f.SubCpu, b})
	}
	if len(thin) < 2 {
		return fmt.Errorf("a universal binary needs two or more architectures, got %d", len(thin))
	}
	// lipo's order: by CPU type, so x86_64 before arm64.
	slices.SortFunc(thin, func(a, b slice) int { return cmp.Compare(a.cpu, b.cpu) })

	const align = 1 << fatAlign
	var hdr []byte
	hdr = binary.BigEndian.AppendUint32(hdr, macho.MagicFat)
	hdr = binary.BigEndian.AppendUint32(hdr, uint32(len(thin)))
	offsets := make([]int, len(thin))
	off := 8 + 20*len(thin)
	for i, s := range thin {
		off = (off + align - 1) &^ (align - 1)
		offsets[i] = off
		if uint64(off)+uint64(len(s.data)) > 1<<32-1 {
			return fmt.Errorf("universal binary over 4 GiB: the fat format's offsets are 32-bit")
		}
		for _, v := range []uint32{s.cpu, s.sub, uint32(off), uint32(len(s.data)), fatAlign} {
			hdr = binary.BigEndian.AppendUint32(hdr, v)
		}
		off += len(s.data)
	}
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	written := len(hdr)
	for i, s := range thin {
		if _, err := w.Write(make([]byte, offsets[i]-written)); err != nil {
			return err
		}
		if _, err := w.Write(s.data); err != nil {
			return err
		}
		written = offsets[i] + len(s.data)
	}
	return nil
}
