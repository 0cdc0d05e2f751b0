package tray

// oneAtATime runs a job one at a time. Asking while it runs asks for exactly one more run
// after it, however often it was asked: the job reads the latest state when it starts, so
// one more run brings everything asked for meanwhile. Loads and recent-list saves use it.
type oneAtATime struct{ running, again bool }

// start reports whether the job may start now; if not, it will run once more after the
// current run.
func (o *oneAtATime) start() bool {
	if o.running {
		o.again = true
		return false
	}
	o.running = true
	return true
}

// done ends the current run and reports whether to start another.
func (o *oneAtATime) done() (again bool) {
	again, o.running, o.again = o.again, false, false
	return again
}
