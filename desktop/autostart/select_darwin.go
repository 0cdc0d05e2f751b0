package autostart

// newMechanism: Login Items through SMAppService for a bundle on macOS 13+, where the user sees
// and approves "Vaultbar" by name; a LaunchAgent otherwise (a bare binary has no bundle to
// register, and macOS 12 has no SMAppService).
func newMechanism(o Options) (Mechanism, error) {
	if bundle := appBundle(o.Executable); bundle != "" {
		if svc, err := mainAppService(bundle); err == nil {
			return svc, nil
		}
	}
	return newLaunchAgent(o)
}
