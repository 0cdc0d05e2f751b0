//go:build !darwin && !windows

package autostart

func newMechanism(o Options) (Mechanism, error) { return newXDG(o) }
