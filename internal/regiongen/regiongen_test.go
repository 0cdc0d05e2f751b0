package regiongen

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// tray/regions_gen.go is what the generator makes of the SDK's partitions.json for the SDK
// version in go.mod: updating the SDK without `go generate ./tray` fails here.
func TestTrayTableMatchesTheSDK(t *testing.T) {
	t.Parallel()
	src, err := SDKFile(".")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Generate(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../tray/regions_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("tray/regions_gen.go differs from what %s gives; run go generate ./tray", src)
	}
}

// The table keeps every region of the file and leaves out the global pseudo-regions.
func TestGenerate(t *testing.T) {
	t.Parallel()
	code, err := Generate([]byte(`{"partitions":[{"id":"aws","regions":{"us-east-1":{"description":"US East (N. Virginia)"},
		"aws-global":{"description":"aws global region"},"af-south-1":{"description":"Africa (Cape Town)"}}},
		{"id":"aws-cn","regions":{"cn-north-1":{"description":"China (Beijing)"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s := string(code)
	af, us := strings.Index(s, `"af-south-1"`), strings.Index(s, `"us-east-1", "US East (N. Virginia)"`)
	if af < 0 || us < af || strings.Contains(s, "aws-global") || !strings.Contains(s, `{id: "aws-cn"`) {
		t.Errorf("generated:\n%s", s)
	}
	if _, err := Generate([]byte("{")); err == nil {
		t.Error("malformed JSON gave no error")
	}
}
