package login

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/pkg/browser"
)

// The default browser (the "default" entry of the Browser menu: xdg-open, open, rundll32) is
// opened through github.com/pkg/browser, which runs the same commands. pkg/browser takes no
// environment: its exec.Cmd inherits the whole process environment. So it is used only when
// that environment holds no AWS_* variable and is the one the caller asked for (env minus
// AWS_*); otherwise, for instance `AWS_VAULT_BACKEND=file vaultbar login P`, Launch runs the
// same command itself with BrowserEnv, since unsetting AWS_* in a process that still reads
// its configuration (the app reloads the AWS config, the keyring takes its passphrase) would
// change what it does. Browsers that need their own argv (isolation flags, `open -a App`,
// custom commands) never come here.
//
// Unlike Launch, pkg/browser does not detach the opener (it stays in Vaultbar's process
// group) and waits for it: it runs on a goroutine of its own, so Launch still returns at once.

// defaultOpeners are the commands pkg/browser runs, by GOOS, with the URL as the last argument.
var defaultOpeners = map[string][][]string{
	"linux":   {{"xdg-open"}, {"x-www-browser"}, {"www-browser"}},
	"darwin":  {{"open"}},
	"windows": {{"rundll32.exe", "url.dll,FileProtocolHandler"}, {"rundll32", "url.dll,FileProtocolHandler"}},
}

// openDefaultFunc is pkg/browser's OpenURL; tests replace it to see which path was taken.
var openDefaultFunc = browser.OpenURL

// quietOpener sends the opener's output to stderr once: pkg/browser's default is our stdout,
// which `vaultbar login` and `exec` keep for their own output.
var quietOpener = sync.OnceFunc(func() { browser.Stdout = os.Stderr })

// isDefaultOpener reports whether argv is "<default opener> URL" for goos, with an http(s)
// URL: exactly what pkg/browser.OpenURL(URL) would run.
func isDefaultOpener(goos string, argv []string) bool {
	if len(argv) < 2 {
		return false
	}
	url := argv[len(argv)-1]
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return false
	}
	cmd := slices.Clone(argv[:len(argv)-1])
	cmd[0] = filepath.Base(cmd[0])
	return slices.ContainsFunc(defaultOpeners[goos], func(o []string) bool { return slices.Equal(o, cmd) })
}

// sameEnviron reports whether the process environment has no AWS_* variable and is env
// without its AWS_* variables, in any order.
func sameEnviron(process, env []string) bool {
	clean := BrowserEnv(process)
	if len(clean) != len(process) {
		return false
	}
	want := BrowserEnv(env)
	return len(want) == len(clean) && slices.Equal(slices.Sorted(slices.Values(want)), slices.Sorted(slices.Values(clean)))
}

// openDefault opens argv's URL through pkg/browser when argv is the default opener and the
// process environment may be passed on as it is (see above). It reports whether it did.
func openDefault(goos string, argv, env []string) bool {
	if !isDefaultOpener(goos, argv) || !sameEnviron(os.Environ(), env) {
		return false
	}
	quietOpener()
	url := argv[len(argv)-1]
	go func() { _ = openDefaultFunc(url) }() // as Launch's own children: nobody waits for the browser
	return true
}
