package login

import (
	"path"
	"strings"
)

// DetectEnv carries the effects Detect needs, so tests can describe a machine with a map.
type DetectEnv struct {
	GOOS string // runtime.GOOS of the target
	Home string // the user's home directory
	// LookPath resolves an executable name on PATH (exec.LookPath).
	LookPath func(name string) (string, error)
	// Exists reports whether a file or directory exists (os.Stat without error).
	Exists func(path string) bool
	// ProgramDirs are the Windows install roots searched for browsers, usually %ProgramFiles%,
	// %ProgramFiles(x86)% and %LocalAppData%. Empty means C:\Program Files and C:\Program Files (x86).
	ProgramDirs []string
}

// Flatpak installs, system-wide and per user (below Home).
const (
	flatpakSystemApps = "/var/lib/flatpak/app/"
	flatpakUserApps   = ".local/share/flatpak/app/"
	snapBin           = "/snap/bin/"
)

// Detect lists the browsers installed on the machine described by env, in catalogue order,
// ending with the default browser when there is a way to open one.
//
// macOS: application bundles in /Applications, then ~/Applications, started through `open` so
// LaunchServices owns the process. Linux: executables on PATH; a snap under /snap/bin wins over
// a PATH entry (Ubuntu's /usr/bin/firefox and chromium-browser are wrappers into the snap),
// and a flatpak is used only when nothing else is installed. Windows: best effort, the usual
// machine-wide install paths of Chrome, Brave, Edge and the Firefox channels, plus the default
// browser; per-user installs below %LocalAppData% are found only if it is in ProgramDirs.
func Detect(env DetectEnv) []Browser {
	var out []Browser
	for _, k := range catalogue {
		if k.family == Default {
			continue
		}
		var b Browser
		var ok bool
		switch env.GOOS {
		case "darwin":
			b, ok = detectMac(env, k)
		case "windows":
			b, ok = detectWindows(env, k)
		default:
			b, ok = detectUnix(env, k)
		}
		if ok {
			b.ID, b.Name, b.Family = k.id, k.name, k.family
			out = append(out, b)
		}
	}
	if cmd := defaultOpener(env); cmd != nil {
		out = append(out, Browser{ID: "default", Name: "Default browser", Family: Default, Command: cmd})
	}
	return out
}

func detectMac(env DetectEnv, k knownBrowser) (Browser, bool) {
	if k.macApp == "" {
		return Browser{}, false
	}
	for _, dir := range []string{"/Applications", path.Join(env.Home, "Applications")} {
		app := path.Join(dir, k.macApp+".app")
		if !env.Exists(app) {
			continue
		}
		b := Browser{App: app}
		switch k.family {
		case Chromium, Firefox:
			// -n: a new instance, so the --args reach it; Chromium and Firefox hand them on to
			// an instance already running with the same data dir or profile themselves.
			b.Command = []string{"open", "-na", app, "--args"}
		default:
			b.Command = []string{"open", "-a", app}
		}
		return b, true
	}
	return Browser{}, false
}

func detectUnix(env DetectEnv, k knownBrowser) (Browser, bool) {
	if k.snap != "" && env.Exists(snapBin+k.snap) {
		return Browser{Command: []string{snapBin + k.snap}, Packaging: "snap", AppID: k.snap}, true
	}
	for _, name := range k.linux {
		p, err := env.LookPath(name)
		if err != nil || p == "" {
			continue
		}
		if strings.HasPrefix(p, snapBin) {
			snap, _, _ := strings.Cut(path.Base(p), ".") // "vivaldi.vivaldi-stable" -> snap "vivaldi"
			return Browser{Command: []string{p}, Packaging: "snap", AppID: snap}, true
		}
		return Browser{Command: []string{p}}, true
	}
	if k.flatpak != "" && (env.Exists(flatpakSystemApps+k.flatpak) || env.Exists(path.Join(env.Home, flatpakUserApps+k.flatpak))) {
		if fp, err := env.LookPath("flatpak"); err == nil && fp != "" {
			return Browser{Command: []string{fp, "run", k.flatpak}, Packaging: "flatpak", AppID: k.flatpak}, true
		}
	}
	return Browser{}, false
}

func detectWindows(env DetectEnv, k knownBrowser) (Browser, bool) {
	roots := env.ProgramDirs
	if len(roots) == 0 {
		roots = []string{`C:\Program Files`, `C:\Program Files (x86)`}
	}
	for _, rel := range k.windows {
		for _, root := range roots {
			exe := strings.TrimRight(root, `\`) + `\` + rel
			if env.Exists(exe) {
				return Browser{Command: []string{exe}}, true
			}
		}
	}
	return Browser{}, false
}

// defaultOpener is the command that hands a URL to the desktop's default browser.
func defaultOpener(env DetectEnv) []string {
	switch env.GOOS {
	case "darwin":
		return []string{"open"}
	case "windows":
		// Not `cmd /c start`: cmd would interpret the & of a URL.
		return []string{"rundll32.exe", "url.dll,FileProtocolHandler"}
	}
	for _, name := range []string{"xdg-open", "x-www-browser", "www-browser"} {
		if p, err := env.LookPath(name); err == nil && p != "" {
			return []string{p}
		}
	}
	return nil
}
