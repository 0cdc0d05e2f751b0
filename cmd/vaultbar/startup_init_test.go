package main

import (
	"bufio"
	"bytes"
	"debug/buildinfo"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Every command starts by running the package initialisers of the whole binary, the menu-bar
// app's included (Go links them all). The initialisers of Vaultbar's own packages and of the
// menu's libraries must stay small, so `env` and `exec` do not pay for what only the menu uses:
// a regexp such as `[A-Z0-9]{16,128}` compiled at package level cost every start 200 KB.
func TestStartupInitStaysSmall(t *testing.T) {
	bin := vaultbarBinary(t)
	cmd := exec.Command(bin, "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("vaultbar version: %v\n%s", err, stderr.String())
	}
	// Budgets in bytes allocated by one package's init; the rest of the binary (the AWS SDK,
	// the standard library) is the same for aws-vault.
	const ownBudget = 40 << 10
	menuLibs := []string{"fyne.io/systray", "github.com/godbus/dbus", "github.com/ncruces/zenity",
		"github.com/atotto/clipboard", "github.com/fsnotify/fsnotify", "golang.org/x/image"}
	// The whole binary's init, against aws-vault v7.2.0's 363 KB: 312 KB with 10% to spare.
	// The SDK's service packages allocate 60-700 KB each, which is why only STS goes through
	// the SDK (TestBinaryLinksNoSDKServiceButSTS).
	const totalBudget = 344 << 10
	seen, total := 0, 0
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init PKG @T ms, C ms clock, B bytes, A allocs
		f := strings.Fields(sc.Text())
		if len(f) < 10 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		seen++
		pkg := f[1]
		b, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("inittrace line %q: %v", sc.Text(), err)
		}
		total += b
		budget := -1
		switch {
		case strings.HasPrefix(pkg, "github.com/vaultbar/vaultbar/"):
			budget = ownBudget
		case slices.ContainsFunc(menuLibs, func(lib string) bool { return strings.HasPrefix(pkg, lib) }):
			budget = 16 << 10
		}
		if budget >= 0 && b > budget {
			t.Errorf("init of %s allocates %d bytes at every start, over its budget of %d: make it lazy (sync.OnceValue) or cheaper", pkg, b, budget)
		}
	}
	if total > totalBudget {
		t.Errorf("package initialisers allocate %d KB at every start, over the budget of %d KB: "+
			"find the package with GODEBUG=inittrace=1 vaultbar version", total>>10, totalBudget>>10)
	}
	if seen < 20 {
		t.Fatalf("GODEBUG=inittrace=1 printed %d init lines; stderr:\n%s", seen, stderr.String())
	}
}

// The SDK's service packages cost every start what their initialisers allocate (service/iam
// 700 KB, service/sso and service/ssooidc 237 KB together), so Vaultbar calls those APIs with
// small clients of its own (vault/iamquery.go, vault/ssorest*.go); only STS goes through the
// SDK. Go records each module that contributed a package in the binary's build info.
func TestBinaryLinksNoSDKServiceButSTS(t *testing.T) {
	info, err := buildinfo.ReadFile(vaultbarBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	sawSTS := false
	for _, dep := range info.Deps {
		service, ok := strings.CutPrefix(dep.Path, "github.com/aws/aws-sdk-go-v2/service/")
		switch {
		case !ok || strings.HasPrefix(service, "internal/"):
		case service == "sts":
			sawSTS = true
		default:
			t.Errorf("the binary links %s: call that API directly, as vault/ssorest.go does", dep.Path)
		}
	}
	if !sawSTS {
		t.Fatalf("build info lists no service/sts among %d modules: the check reads the wrong thing", len(info.Deps))
	}
}
