package desktop

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// An edit of ~/.aws/config, in place or by renaming a new file over it (as editors and the
// aws-vault CLI do), is noticed within a second; other files in the directory are ignored.
func TestWatchFileSeesEditsAndReplacements(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "config")
	must(t, os.WriteFile(path, []byte("[profile a]\n"), 0o600))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changed := make(chan struct{}, 1)
	must(t, WatchFile(ctx, path, changed))
	expect := func(what string, want bool) {
		t.Helper()
		select {
		case <-changed:
			if !want {
				t.Errorf("%s: signalled a change", what)
			}
		case <-time.After(time.Second):
			if want {
				t.Errorf("%s: no change signalled within 1s", what)
			}
		}
	}
	must(t, os.WriteFile(filepath.Join(dir, "credentials"), []byte("x"), 0o600))
	expect("another file", false)
	must(t, os.WriteFile(path, []byte("[profile a]\n[profile b]\n"), 0o600))
	expect("write in place", true)
	tmp := filepath.Join(dir, ".config.tmp")
	must(t, os.WriteFile(tmp, []byte("[profile c]\n"), 0o600))
	for len(changed) > 0 {
		<-changed
	}
	must(t, os.Rename(tmp, path))
	expect("rename over", true)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
