package main

import (
	"bytes"
	"debug/macho"
	"encoding/binary"
	"strings"
	"testing"
)

// thin returns a minimal 64-bit Mach-O executable for cpu (a header and no load commands,
// which debug/macho accepts), padded with fill bytes so slices can be told apart.
func thin(cpu macho.Cpu, fill byte, n int) []byte {
	var b []byte
	for _, v := range []uint32{macho.Magic64, uint32(cpu), 0, uint32(macho.TypeExec), 0, 0, 0, 0} {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return append(b, bytes.Repeat([]byte{fill}, n)...)
}

// The fat file is what debug/macho (and so macOS's loader, whose format it reads) takes for a
// universal binary: both architectures, each slice intact and page-aligned.
func TestWriteFat(t *testing.T) {
	t.Parallel()
	arm, amd := thin(macho.CpuArm64, 0xaa, 5000), thin(macho.CpuAmd64, 0xbb, 20000)
	var out bytes.Buffer
	if err := writeFat(&out, [][]byte{arm, amd}); err != nil {
		t.Fatal(err)
	}
	ff, err := macho.NewFatFile(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(ff.Arches) != 2 || ff.Arches[0].Cpu != macho.CpuAmd64 || ff.Arches[1].Cpu != macho.CpuArm64 {
		t.Fatalf("arches %+v, want amd64 then arm64", ff.Arches)
	}
	for _, a := range ff.Arches {
		want := map[macho.Cpu][]byte{macho.CpuArm64: arm, macho.CpuAmd64: amd}[a.Cpu]
		got := out.Bytes()[a.Offset : a.Offset+a.Size]
		if !bytes.Equal(got, want) || a.Offset%(1<<fatAlign) != 0 || a.Align != fatAlign {
			t.Errorf("%v slice at %d (align %d), %d bytes: not the thin binary, page-aligned", a.Cpu, a.Offset, a.Align, a.Size)
		}
	}
}

func TestWriteFatRefuses(t *testing.T) {
	t.Parallel()
	arm := thin(macho.CpuArm64, 0, 10)
	for name, c := range map[string]struct {
		in   [][]byte
		want string
	}{
		"one":       {[][]byte{arm}, "two or more"},
		"same arch": {[][]byte{arm, arm}, "two binaries for"},
		"elf":       {[][]byte{arm, []byte("\x7fELF\x02\x01\x01")}, "not a thin mach-o"},
	} {
		err := writeFat(&bytes.Buffer{}, c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", name, err, c.want)
		}
	}
}
