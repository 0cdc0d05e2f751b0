package desktop

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/vaultbar/vaultbar/internal/e2e"
	"github.com/vaultbar/vaultbar/internal/panel"
	"github.com/vaultbar/vaultbar/tray"
)

// BenchmarkRender1000 renders menus of 1,000 profiles through the real fyne.io/systray on
// the session bus (scripts/session.sh; scripts/bench-tray.sh runs it), from Render until the
// renderer is done: changes of state that keep the menu's shape (a recent profile busy,
// then not; its server started, then stopped), and one that changes it (a profile added,
// then removed).
func BenchmarkRender1000(b *testing.B) {
	e2e.Require(b)
	if !trayRan.CompareAndSwap(false, true) {
		b.Skip("systray runs once per process")
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		b.Fatal(err)
	}
	// Closed after the watcher's name is released (cleanups run last-in first-out): a name
	// dropped with the connection stays owned until the bus notices.
	b.Cleanup(func() { conn.Close() })
	w := panel.ClaimWatcher(b, conn)
	tr := NewTray(TrayOptions{Title: "vaultbar-bench"})
	idle := benchMenu(1000, nil)
	tr.Render(idle)
	stop := runTray(b, tr)
	defer stop()
	w.Await(b, e2eTimeout)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	bench := func(name string, a, z tray.Menu) {
		b.Run(name, func(b *testing.B) {
			for i := range b.N {
				m := a
				if i%2 == 1 {
					m = z
				}
				tr.Render(m)
				if err := tr.flush(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	bench("busy", benchMenu(1000, func(p *tray.Profile) { p.Busy = "Signing in to p0002…" }), idle)
	bench("server", benchMenu(1000, func(p *tray.Profile) { p.Server = &tray.Server{Kind: "ecs", Addr: "127.0.0.1:4567"} }), idle)
	bench("new-shape", benchMenu(1001, nil), idle)
}

// benchMenu is the menu of n grouped profiles, five of them recent; edit, if not nil,
// changes the recent p0002.
func benchMenu(n int, edit func(*tray.Profile)) tray.Menu {
	s := tray.State{Now: time.Now(), Recent: []string{"p0001", "p0002", "p0003", "p0004", "p0005"}}
	for i := range n {
		p := tray.Profile{Name: fmt.Sprintf("p%04d", i), HasKeys: true, Account: fmt.Sprintf("%012d", i%50)}
		if i == 2 && edit != nil {
			edit(&p)
		}
		s.Profiles = append(s.Profiles, p)
	}
	return tray.Build(s)
}
