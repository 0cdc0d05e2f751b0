package login

// knownBrowser is one entry of the catalogue Detect looks for.
type knownBrowser struct {
	id, name string
	family   Family
	macApp   string   // bundle name under /Applications, without ".app"
	linux    []string // executable names looked up on PATH, in order
	snap     string   // command under /snap/bin, which is also the snap's name
	flatpak  string   // flatpak application id
	windows  []string // paths below %ProgramFiles% / %ProgramFiles(x86)%
}

// catalogue lists the browsers Vaultbar knows, in menu order. IDs are stable: they are stored
// in settings and typed on the command line.
var catalogue = []knownBrowser{
	{id: "chrome", name: "Google Chrome", family: Chromium, macApp: "Google Chrome",
		linux: []string{"google-chrome", "google-chrome-stable"}, flatpak: "com.google.Chrome",
		windows: []string{`Google\Chrome\Application\chrome.exe`}},
	{id: "chromium", name: "Chromium", family: Chromium, macApp: "Chromium",
		linux: []string{"chromium", "chromium-browser"}, snap: "chromium", flatpak: "org.chromium.Chromium"},
	{id: "brave", name: "Brave", family: Chromium, macApp: "Brave Browser",
		linux: []string{"brave-browser", "brave"}, snap: "brave", flatpak: "com.brave.Browser",
		windows: []string{`BraveSoftware\Brave-Browser\Application\brave.exe`}},
	{id: "edge", name: "Microsoft Edge", family: Chromium, macApp: "Microsoft Edge",
		linux: []string{"microsoft-edge", "microsoft-edge-stable"}, flatpak: "com.microsoft.Edge",
		windows: []string{`Microsoft\Edge\Application\msedge.exe`}},
	{id: "vivaldi", name: "Vivaldi", family: Chromium, macApp: "Vivaldi",
		linux: []string{"vivaldi", "vivaldi-stable"}, flatpak: "com.vivaldi.Vivaldi"},
	{id: "firefox", name: "Firefox", family: Firefox, macApp: "Firefox",
		linux: []string{"firefox", "firefox-esr"}, snap: "firefox", flatpak: "org.mozilla.firefox",
		windows: []string{`Mozilla Firefox\firefox.exe`}},
	{id: "firefox-dev", name: "Firefox Developer Edition", family: Firefox, macApp: "Firefox Developer Edition",
		linux:   []string{"firefox-developer-edition", "firefox-developer"},
		windows: []string{`Firefox Developer Edition\firefox.exe`}},
	{id: "firefox-nightly", name: "Firefox Nightly", family: Firefox, macApp: "Firefox Nightly",
		linux: []string{"firefox-nightly"}, windows: []string{`Firefox Nightly\firefox.exe`}},
	{id: "safari", name: "Safari", family: Safari, macApp: "Safari"},
	{id: "arc", name: "Arc", family: Arc, macApp: "Arc"},
	{id: "default", name: "Default browser", family: Default},
}

// KnownBrowserIDs lists every browser id Vaultbar understands, installed or not.
func KnownBrowserIDs() []string {
	ids := make([]string, len(catalogue))
	for i, k := range catalogue {
		ids[i] = k.id
	}
	return ids
}

func lookupKnown(id string) (knownBrowser, bool) {
	for _, k := range catalogue {
		if k.id == id {
			return k, true
		}
	}
	return knownBrowser{}, false
}
