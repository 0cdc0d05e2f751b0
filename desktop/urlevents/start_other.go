//go:build !darwin

package urlevents

// Start returns a nil channel and no error: outside macOS, URLs arrive as `vaultbar open URL`
// in a new process, not as events to the running one.
func Start() (<-chan string, error) {
	return nil, nil
}
