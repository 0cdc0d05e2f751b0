package fakeaws

import "sync"

// Hold makes the fake stop answering: calls are still recorded (see WaitForCalls) but wait
// until release is called, so a test can have several requests in flight at once. Holds nest;
// answers resume when every release has been called. release is idempotent.
func (s *STS) Hold() (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.holds == 0 {
		s.gate = make(chan struct{})
	}
	s.holds++
	var once sync.Once
	return func() { once.Do(s.releaseOne) }
}

func (s *STS) releaseOne() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holds--
	if s.holds == 0 {
		close(s.gate)
		s.gate = nil
	}
}
