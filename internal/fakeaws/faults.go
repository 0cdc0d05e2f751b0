package fakeaws

// faults are errors a test told the fake to return instead of answering.
type faults struct {
	once       []fault // FailNext, consumed in order
	persistent []fault // Fail, until ClearFaults
}

type fault struct {
	action string // "" matches any action
	err    *apiError
}

func (f fault) matches(action string) bool { return f.action == "" || f.action == action }

// FailNext makes the next call of action ("" for any action) fail with an STS error of the
// given code, message and HTTP status (a 5xx status makes it a "Receiver" error), whoever
// sends it. Several FailNext calls queue up.
func (s *STS) FailNext(action, code, message string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.once = append(s.faults.once, fault{action, &apiError{status, code, message}})
}

// Fail makes every call of action ("" for any action) fail like FailNext until ClearFaults.
// One-shot faults from FailNext take precedence.
func (s *STS) Fail(action, code, message string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.persistent = append(s.faults.persistent, fault{action, &apiError{status, code, message}})
}

// ClearFaults removes every fault set with Fail or FailNext.
func (s *STS) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = faults{}
}

// injectedFault returns the error to answer action with, if a test set one, consuming one-shots.
func (s *STS) injectedFault(action string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults.once {
		if f.matches(action) {
			s.faults.once = append(s.faults.once[:i:i], s.faults.once[i+1:]...)
			return f.err
		}
	}
	for _, f := range s.faults.persistent {
		if f.matches(action) {
			return f.err
		}
	}
	return nil
}
