package autostart

func newMechanism(o Options) (Mechanism, error) { return &runEntry{exe: o.Executable}, nil }
