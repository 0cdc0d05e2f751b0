package app

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/vaultbar/vaultbar/internal/fixture"
	"github.com/vaultbar/vaultbar/tray"
	"github.com/vaultbar/vaultbar/vault"
)

// A generated config of 300 and of 1,000 profiles (users with keys, roles sourced from them,
// chained roles, SSO profiles, include_profile): the top level keeps at most 25 entries with
// Quit and Add credentials on it, every profile is reachable, and a source profile sits in
// its own group, first.
func TestSnapshotLargeConfigMenu(t *testing.T) {
	t.Parallel()
	for _, n := range []int{300, 1000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			f, err := os.Create(filepath.Join(dir, "config"))
			must(t, err)
			must(t, fixture.GenerateConfig(n, f))
			must(t, f.Close())
			a := New(Options{Env: vault.Env{"HOME": dir, "AWS_CONFIG_FILE": filepath.Join(dir, "config"),
				"AWS_VAULT_BACKEND": "file", "AWS_VAULT_FILE_DIR": filepath.Join(dir, "keys"), "AWS_VAULT_FILE_PASSPHRASE": "x"}})
			snap, err := a.Snapshot(context.Background(), nil)
			must(t, err)
			m := tray.Build(tray.State{Profiles: snap.Profiles, Now: time.Now(), Recent: []string{fixture.ProfileName(7)}})

			shown := 0
			for _, it := range m.Items {
				if !it.Separator && !it.Hidden {
					shown++
				}
			}
			if shown > 25 {
				t.Errorf("top level has %d entries, want at most 25", shown)
			}
			if m.Items[0].Title != "Find profile…" || m.Items[len(m.Items)-1].Title != "Quit" {
				t.Errorf("top level starts with %q and ends with %q", m.Items[0].Title, m.Items[len(m.Items)-1].Title)
			}
			reached := map[string]bool{}
			var sourceGroup *tray.Item
			var walk func([]tray.Item)
			walk = func(items []tray.Item) {
				for i := range items {
					it := &items[i]
					if it.Action.Kind == tray.ChooseAction || (it.Action.Kind == tray.CopyEnv && it.Action.Format == "export") {
						reached[it.Action.Profile] = true
					}
					if it.Title == fixture.ProfileName(0) && len(it.Children) > 0 {
						sourceGroup = it
					}
					walk(it.Children)
				}
			}
			walk(m.Items)
			for i := range n {
				if !reached[fixture.ProfileName(i)] {
					t.Fatalf("%s is not reachable from the menu", fixture.ProfileName(i))
				}
			}
			if sourceGroup == nil || sourceGroup.Children[0].Action.Profile != fixture.ProfileName(0) {
				t.Errorf("source profile %s has no group of its own that starts with it", fixture.ProfileName(0))
			}
		})
	}
}
